/**
 * The Stepline SDK: types generated from `openapi/openapi.json` (`./generated/`, by
 * `npm run generate`) plus a thin client that works in Node and browsers.
 */
export type { paths, components, operations } from './generated/openapi.js';
export { createStepline, type Stepline, type SteplineOptions } from './client.js';
export { SteplineError, type FieldProblem } from './stepline-error.js';
export { retryingFetch, type RetryOptions } from './retrying-fetch.js';
export {
  RunsApi,
  type Run,
  type RunSummary,
  type RunDetail,
  type StepRun,
  type RunAccepted,
  type StartRunOptions,
  type RunFilter,
  type StreamOptions,
  type WaitOptions,
} from './runs.js';
export {
  TERMINAL_RUN_STATUSES,
  isTerminalRunStatus,
  type RunEvent,
  type RunStatus,
  type RunError,
  type RunStatusEvent,
  type StepStartedEvent,
  type StepSettledEvent,
} from './run-events.js';
export { SseParser, readSse, type SseMessage } from './sse-parser.js';
export {
  SecretsApi,
  type Secret,
  type SecretPage,
  type CreateSecretOptions,
  type UpdateSecretOptions,
} from './secrets.js';
export {
  TriggersApi,
  type Trigger,
  type TriggerWithToken,
  type WebhookTriggerConfig,
  type ScheduleTriggerConfig,
  type EventTriggerConfig,
  type TriggerKind,
  type TriggerListFilter,
  type CreateTriggerOptions,
  type UpdateTriggerOptions,
} from './triggers.js';
export { EventsApi, type PublishedEvent, type PublishEventOptions } from './events.js';
export {
  ApprovalsApi,
  type Approval,
  type ApprovalPage,
  type ApprovalStatus,
  type ApprovalFilter,
  type DecideOptions,
} from './approvals.js';
export {
  WebhookEndpointsApi,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEndpointPage,
  type WebhookDelivery,
  type WebhookDeliveryDetail,
  type WebhookDeliveryPage,
  type WebhookEventType,
  type CreateWebhookEndpointOptions,
  type UpdateWebhookEndpointOptions,
} from './webhook-endpoints.js';
export { UsageApi, type Usage, type UsageDay, type Quotas, type UsageRange } from './usage.js';
