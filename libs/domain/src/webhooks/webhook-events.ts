/**
 * Events a tenant's outgoing webhook endpoints can subscribe to (product.md §6). `*` subscribes to
 * every one, including types added later. The database check `CHK_webhook_endpoints_event_types`
 * lists the same values.
 */
export const WEBHOOK_EVENT_TYPES = [
  'run.succeeded',
  'run.failed',
  'run.cancelled',
  'run.timed_out',
  'run.waiting',
  'approval.requested',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What an endpoint subscribes to: `*` alone, or a list of event types. */
export const WEBHOOK_ALL_EVENTS = '*';

export const WEBHOOK_ENDPOINT_LIMITS = { url: 2048, description: 500 } as const;

/** Signing secrets are `whsec_` + base64 of this many random bytes (Standard Webhooks: 24–64). */
export const WEBHOOK_SECRET_BYTES = 32;
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** After a rotation the previous secret keeps signing for this long, so receivers can switch over. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
