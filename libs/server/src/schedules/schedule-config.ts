import { SCHEDULE_TRIGGER_LIMITS, type FieldProblem } from '@stepline/domain';
import { Cron } from 'croner';

/**
 * A schedule trigger's config and its slots (product.md §6), pure: the API validates and previews
 * with it, the worker's scheduler computes the next slot with it. Cron patterns have 5 fields
 * (minute precision; no seconds field: a per-second schedule is an interval, which has a floor) in
 * an IANA time zone, DST handled by croner 11: a fixed time in the spring-forward gap fires at the
 * first minute after the gap, a fixed time that occurs twice in the fall-back hour fires once, and
 * wildcard/stepped patterns fire on every wall-clock slot that exists. Interval slots are aligned to
 * the Unix epoch (every 300 s = :00, :05, :10 … UTC), so they need no anchor and any process
 * computes the same slots.
 */

export type ScheduleConfig =
  { mode: 'cron'; cron: string; timezone: string } | { mode: 'interval'; intervalSeconds: number };

/** The domain's schedule limits, which the editor's trigger form checks too. */
export const SCHEDULE_LIMITS = SCHEDULE_TRIGGER_LIMITS;

export interface ScheduleRules {
  minIntervalSeconds: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The canonical IANA name of a time zone, or null when the runtime does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  if (zone.length === 0 || zone.length > SCHEDULE_LIMITS.maxTimeZoneLength) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const cronOf = (cron: string, timezone: string) => new Cron(cron, { timezone, paused: true, mode: '5-part' });

/**
 * Validates a schedule config (`previous`: the stored one; with the same mode its fields fill what
 * `input` leaves out, a new mode starts over). Problems carry JSON pointers under `prefix`
 * (`/config` for a trigger, empty for a preview).
 */
export function parseScheduleConfig(
  input: unknown,
  rules: ScheduleRules,
  previous?: ScheduleConfig,
  prefix = '/config',
): { ok: true; value: ScheduleConfig } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (path: string, code: string, message: string) =>
    problems.push({ path: `${prefix}${path}`, code, message });
  if (!isObject(input)) {
    bad('', 'field.type', 'config must be an object');
    return { ok: false, problems };
  }
  const mode = input.mode ?? previous?.mode;
  if (mode !== 'cron' && mode !== 'interval') {
    bad('/mode', mode === undefined ? 'field.required' : 'field.enum', 'mode must be cron or interval');
    return { ok: false, problems };
  }
  const base: Record<string, unknown> = previous && previous.mode === mode ? { ...previous } : { mode };
  const raw = { ...base, ...input };
  const known = mode === 'cron' ? ['mode', 'cron', 'timezone'] : ['mode', 'intervalSeconds'];
  for (const key of Object.keys(input)) {
    if (!known.includes(key))
      bad(`/${key}`, 'field.unknown', `property ${key} is not allowed with mode ${mode}`);
  }

  if (mode === 'interval') {
    const seconds = raw.intervalSeconds;
    const { minIntervalSeconds } = rules;
    if (seconds === undefined) bad('/intervalSeconds', 'field.required', 'intervalSeconds is required');
    else if (
      !Number.isInteger(seconds) ||
      (seconds as number) < minIntervalSeconds ||
      (seconds as number) > SCHEDULE_LIMITS.maxIntervalSeconds
    ) {
      bad(
        '/intervalSeconds',
        'field.range',
        `intervalSeconds must be a whole number ${minIntervalSeconds}–${SCHEDULE_LIMITS.maxIntervalSeconds}`,
      );
    }
    if (problems.length) return { ok: false, problems };
    return { ok: true, value: { mode, intervalSeconds: seconds as number } };
  }

  let timezone = 'UTC';
  const zone = raw.timezone ?? 'UTC';
  if (typeof zone !== 'string') bad('/timezone', 'field.type', 'timezone must be an IANA time zone name');
  else {
    const canonical = canonicalTimeZone(zone);
    if (!canonical)
      bad(
        '/timezone',
        'field.invalid',
        `unknown time zone "${zone.slice(0, 64)}" (IANA name, e.g. Europe/Berlin)`,
      );
    else timezone = canonical;
  }
  const cron = raw.cron;
  if (cron === undefined) bad('/cron', 'field.required', 'cron is required');
  else if (typeof cron !== 'string' || cron.trim() === '' || cron.length > SCHEDULE_LIMITS.maxCronLength) {
    bad(
      '/cron',
      'field.type',
      `cron must be a 5-field cron expression (≤ ${SCHEDULE_LIMITS.maxCronLength} characters)`,
    );
  } else if (problems.length === 0) {
    const pattern = cron.trim().replace(/\s+/g, ' ');
    try {
      if (cronOf(pattern, timezone).nextRun() === null) {
        bad('/cron', 'field.invalid', 'the cron expression never fires (e.g. February 30)');
      }
    } catch (err) {
      bad(
        '/cron',
        'field.invalid',
        `not a 5-field cron expression (minute hour day month weekday): ${(err as Error).message}`,
      );
    }
    if (problems.length === 0) return { ok: true, value: { mode, cron: pattern, timezone } };
  }
  return { ok: false, problems };
}

/** The first slot strictly after `after`, or null when there is none. */
export function nextSlotAfter(config: ScheduleConfig, after: Date): Date | null {
  return nextSlots(config, after, 1)[0] ?? null;
}

/** The next `count` slots strictly after `after`. */
export function nextSlots(config: ScheduleConfig, after: Date, count: number): Date[] {
  if (config.mode === 'interval') {
    const step = config.intervalSeconds * 1000;
    const first = (Math.floor(after.getTime() / step) + 1) * step;
    return Array.from({ length: count }, (_, i) => new Date(first + i * step));
  }
  return cronOf(config.cron, config.timezone).nextRuns(count, after);
}

/** What a stored config (jsonb) holds, trusting it was validated when written. */
export function storedScheduleConfig(config: Record<string, unknown>): ScheduleConfig | null {
  if (config['mode'] === 'interval' && Number.isInteger(config['intervalSeconds'])) {
    return { mode: 'interval', intervalSeconds: config['intervalSeconds'] as number };
  }
  if (config['mode'] === 'cron' && typeof config['cron'] === 'string') {
    return { mode: 'cron', cron: config['cron'], timezone: String(config['timezone'] ?? 'UTC') };
  }
  return null;
}
