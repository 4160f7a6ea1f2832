/**
 * Per-tenant quotas (product.md §5 "Fairness and quotas"). A tenant's `settings` hold the ones an
 * admin set; every other quota falls back to the platform defaults (config `QUOTA_*`, which
 * default to `QUOTA_DEFAULTS`). Pure: the API, the worker and the editor share the keys and bounds.
 */
export interface TenantQuotas {
  /** Runs of the tenant holding an execution slot at once; the rest wait in Postgres, `queued`. */
  maxConcurrentRuns: number;
  /** Run starts per minute at every entry point (API, webhooks, events, schedules, retries). */
  runStartsPerMinute: number;
  /** Step attempts one run may start; the next one fails the run with `quota.max_steps_exceeded`. */
  maxStepsPerRun: number;
  /** Items one forEach step may iterate over. */
  maxForEachItems: number;
  /** Bytes of a run's input or an event's payload (JSON). */
  maxPayloadBytes: number;
  /** Bytes of one step's recorded output. */
  maxStepOutputBytes: number;
}

export type QuotaKey = keyof TenantQuotas;

/** Bounds an admin may set each quota within (the DTOs and the settings form use them). */
export const QUOTA_BOUNDS: Readonly<Record<QuotaKey, { min: number; max: number }>> = {
  maxConcurrentRuns: { min: 1, max: 10_000 },
  runStartsPerMinute: { min: 1, max: 100_000 },
  maxStepsPerRun: { min: 1, max: 1_000_000 },
  maxForEachItems: { min: 1, max: 1_000_000 },
  maxPayloadBytes: { min: 1_024, max: 64 * 1024 * 1024 },
  maxStepOutputBytes: { min: 1_024, max: 64 * 1024 * 1024 },
};

export const QUOTA_KEYS = Object.keys(QUOTA_BOUNDS) as QuotaKey[];

export const QUOTA_DEFAULTS: Readonly<TenantQuotas> = {
  maxConcurrentRuns: 100,
  runStartsPerMinute: 6_000,
  // Body steps of loops count too: room for a forEach at its item limit with a few steps per item.
  maxStepsPerRun: 100_000,
  maxForEachItems: 10_000,
  maxPayloadBytes: 1024 * 1024,
  maxStepOutputBytes: 1024 * 1024,
};

const isQuotaValue = (key: QuotaKey, value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isInteger(value) &&
  value >= QUOTA_BOUNDS[key].min &&
  value <= QUOTA_BOUNDS[key].max;

/**
 * The quotas in force for a tenant: each valid value of its settings, else the default. A stored
 * value out of bounds (written by an older version) falls back to the default rather than failing.
 */
export function resolveQuotas(
  settings: Readonly<Record<string, unknown>> | null | undefined,
  defaults: Readonly<TenantQuotas> = QUOTA_DEFAULTS,
): TenantQuotas {
  const quotas = { ...defaults };
  for (const key of QUOTA_KEYS) {
    const value = settings?.[key];
    if (isQuotaValue(key, value)) quotas[key] = value;
  }
  return quotas;
}

/** Bytes of a JSON value as stored (UTF-8 of its JSON text); 0 for undefined. */
export function jsonBytes(value: unknown): number {
  if (value === undefined) return 0;
  const text = JSON.stringify(value);
  if (text === undefined) return 0;
  // Buffer-free (the editor shares this): UTF-8 length without encoding the string twice.
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
