/**
 * The limits of a trigger's config (product.md §6), in one place: the API validates against them
 * (`apps/api/src/modules/triggers/webhook-config.ts`, `event-config.ts`, libs/server's
 * `schedule-config.ts`) and the editor's trigger form checks and hints from them, so the form
 * refuses exactly what the API would.
 */

export const WEBHOOK_TRIGGER_LIMITS = {
  defaultMaxBodyBytes: 1024 * 1024,
  /** The raw parser of `/hooks` reads at most this much; no trigger may allow more. */
  maxBodyBytes: 10 * 1024 * 1024,
  maxSyncTimeoutSeconds: 30,
  defaultSyncTimeoutSeconds: 10,
  defaultReplayWindowSeconds: 300,
  maxReplayWindowSeconds: 86_400,
  secretMinLength: 16,
  secretMaxLength: 512,
  /** A Standard Webhooks secret is `whsec_` + base64 of at least this many bytes. */
  standardSecretMinBytes: 16,
  /** Request headers copied into the run input. */
  maxHeaders: 50,
} as const;

export const HTTP_HEADER_NAME_MAX_LENGTH = 100;

/** An HTTP header name (RFC 9110 token), as header auth and the copied headers accept it. */
export const HTTP_HEADER_NAME_PATTERN = new RegExp(
  `^[a-z0-9!#$%&'*+.^_\`|~-]{1,${HTTP_HEADER_NAME_MAX_LENGTH}}$`,
  'i',
);

export const isHttpHeaderName = (value: unknown): value is string =>
  typeof value === 'string' && HTTP_HEADER_NAME_PATTERN.test(value);

export const SCHEDULE_TRIGGER_LIMITS = {
  /** Interval floor in production; the API's `SCHEDULE_MIN_INTERVAL_SECONDS` may lower it (tests). */
  defaultMinIntervalSeconds: 60,
  maxIntervalSeconds: 366 * 86_400,
  maxCronLength: 200,
  maxTimeZoneLength: 64,
  /** How many fire times views and previews list. */
  previewCount: 5,
} as const;

export const EVENT_TRIGGER_LIMITS = {
  /** Characters of an event trigger's JSONata filter. */
  maxFilterLength: 2_000,
} as const;
