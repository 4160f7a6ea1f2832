import {
  EVENT_NAME_PATTERN_SOURCE,
  EVENT_NAME_RULE,
  EVENT_TRIGGER_LIMITS,
  parseExpression,
  type FieldProblem,
} from '@stepline/domain';

/**
 * An event trigger's config (product.md §6): the event name it listens to and an optional JSONata
 * filter over the event (`payload`, `name`, `key`) that must hold for the flow to start. The events
 * module (`POST /v1/events`) reads `config.event` and `config.filter` as stored here.
 */
export interface EventConfig {
  event: string;
  /** Absent: every event of that name starts the flow. */
  filter?: string;
}

/** The domain's event name rule (libs/domain/src/event-names): what `POST /v1/events` accepts too. */
export const EVENT_NAME_PATTERN = new RegExp(EVENT_NAME_PATTERN_SOURCE);
export const EVENT_FILTER_MAX_LENGTH = EVENT_TRIGGER_LIMITS.maxFilterLength;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates an event config given to create or update (`previous`: the stored one, whose values
 * fill what `input` leaves out; `filter: null` removes the filter). Problems carry JSON pointers
 * under `/config`.
 */
export function parseEventConfig(
  input: unknown,
  previous?: EventConfig,
): { ok: true; value: EventConfig } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (path: string, code: string, message: string) =>
    problems.push({ path: `/config${path}`, code, message });
  if (!isObject(input)) {
    bad('', 'field.type', 'config must be an object');
    return { ok: false, problems };
  }
  for (const key of Object.keys(input)) {
    if (key !== 'event' && key !== 'filter')
      bad(`/${key}`, 'field.unknown', `property ${key} is not allowed`);
  }
  const event = input.event ?? previous?.event;
  if (event === undefined) bad('/event', 'field.required', 'event is required');
  else if (typeof event !== 'string' || !EVENT_NAME_PATTERN.test(event)) {
    bad('/event', 'field.invalid', `event must be ${EVENT_NAME_RULE}`);
  }
  const filter = input.filter === undefined ? previous?.filter : input.filter;
  if (filter !== undefined && filter !== null) {
    if (typeof filter !== 'string' || filter.trim() === '' || filter.length > EVENT_FILTER_MAX_LENGTH) {
      bad(
        '/filter',
        'field.type',
        `filter must be a JSONata expression of 1–${EVENT_FILTER_MAX_LENGTH} characters`,
      );
    } else {
      const parsed = parseExpression(filter);
      if (!parsed.ok) {
        bad(
          '/filter',
          'expression.parse_error',
          `the filter does not parse: ${parsed.error.message} (at ${parsed.error.position})`,
        );
      }
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { event: event as string, ...(typeof filter === 'string' ? { filter } : {}) } };
}
