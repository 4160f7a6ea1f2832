/**
 * The Stepline SDK: types generated from `openapi/openapi.json` plus a thin typed client.
 * Generated types live in `./generated/` (see libs/sdk/README.md).
 */
export type { paths, components, operations } from './generated/openapi.js';
