/**
 * The Stepline SDK: types generated from `openapi/openapi.json` (`./generated/`, by
 * `npm run generate`) plus a thin client that works in Node and browsers.
 */
export type { paths, components, operations } from './generated/openapi.js';
export { createStepline, type Stepline, type SteplineOptions } from './client.js';
export { SteplineError, type FieldProblem } from './stepline-error.js';
export { retryingFetch, type RetryOptions } from './retrying-fetch.js';
