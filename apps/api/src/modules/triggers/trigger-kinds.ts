import { AppError } from '@stepline/domain';
import {
  nextSlotAfter,
  nextSlots,
  parseScheduleConfig,
  SCHEDULE_LIMITS,
  storedScheduleConfig,
  type ScheduleConfig,
  type ScheduleRules,
  type TriggerRecord,
} from '@stepline/server';
import { parseEventConfig, type EventConfig } from './event-config.js';

/**
 * What differs between schedule and event triggers and is not a webhook's token or secret: their
 * config validation and, for schedules, the slots. Webhook config stays in `webhook-config.ts`.
 */

export const TRIGGER_KINDS = ['webhook', 'schedule', 'event'] as const;

/** Validates a schedule or event config (merged over `previous` on update); 422 with `/config/…`. */
export function parseKindConfig(
  kind: 'schedule' | 'event',
  input: unknown,
  rules: ScheduleRules,
  previous?: Record<string, unknown>,
): ScheduleConfig | EventConfig {
  const parsed =
    kind === 'schedule'
      ? parseScheduleConfig(
          input,
          rules,
          previous ? (storedScheduleConfig(previous) ?? undefined) : undefined,
        )
      : parseEventConfig(input, previous as EventConfig | undefined);
  if (!parsed.ok) throw AppError.validation(parsed.problems);
  return parsed.value;
}

/** The slot an enabled schedule fires first when created, enabled or changed now; else null. */
export function firstSlot(kind: string, config: unknown, enabled: boolean, now = new Date()): Date | null {
  if (kind !== 'schedule' || !enabled) return null;
  return nextSlotAfter(config as ScheduleConfig, now);
}

/** Fire times of one or more triggers: `(trigger) => ISO strings`. */
export type FireTimes = (r: TriggerRecord) => string[];

/**
 * The next five fire times of enabled schedule triggers, from the stored `next_fire_at` (what the
 * scheduler fires next) or, when that has passed unclaimed (workers down), from now. Computed once
 * per distinct schedule and starting point: a list of many triggers on the same cron and zone (which
 * share their next slot) parses the cron and walks its slots once, not once per row.
 */
export function fireTimesFor(now = Date.now()): FireTimes {
  const memo = new Map<string, string[]>();
  return (r) => {
    if (r.kind !== 'schedule' || !r.enabled || !r.nextFireAt) return [];
    const config = storedScheduleConfig(r.config);
    if (!config) return [];
    const from = Math.max(now, r.nextFireAt.getTime() - 1);
    const key = `${JSON.stringify(config)}@${from}`;
    let times = memo.get(key);
    if (!times) {
      times = nextSlots(config, new Date(from), SCHEDULE_LIMITS.previewCount).map((d) => d.toISOString());
      memo.set(key, times);
    }
    return times;
  };
}

/** The fire times of one trigger (see `fireTimesFor`). */
export const fireTimesOf = (r: TriggerRecord, now = Date.now()): string[] => fireTimesFor(now)(r);

/** The preview a form asks for before saving: the next five slots of a schedule; 422 when invalid. */
export function previewSchedule(input: unknown, rules: ScheduleRules, now = new Date()): string[] {
  const parsed = parseScheduleConfig(input, rules, undefined, '');
  if (!parsed.ok) throw AppError.validation(parsed.problems, 'The schedule is not valid');
  return nextSlots(parsed.value, now, SCHEDULE_LIMITS.previewCount).map((d) => d.toISOString());
}
