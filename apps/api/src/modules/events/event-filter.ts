import { evaluateExpression, type EvaluationContext } from '@stepline/domain';

/** What an event trigger's filter sees. */
export interface EventFilterContext {
  payload: unknown;
  key: string | null;
  name: string;
}

/**
 * Filters run in the API's event loop (JSONata evaluates on microtasks), so their bound is tighter
 * than a step's second: a keyword filter takes microseconds, a runaway one stalls at most this long.
 */
export const EVENT_FILTER_LIMITS = { timeoutMs: 100, maxDepth: 100, maxItems: 100_000 } as const;

/**
 * JSONata's boolean casting ($boolean), as the `condition` step reads its expression: empty strings,
 * 0, null, empty arrays and objects, and arrays of only falsy values are false.
 */
export const isTruthy = (value: unknown): boolean => {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return false;
};

export type FilterOutcome = { match: boolean } | { match: false; error: { code: string; message: string } };

/**
 * Whether `filter` (a JSONata expression over `{ payload, key, name }`) matches the event. No
 * filter matches every event. A filter that fails (does not parse, errors, runs too long) does not
 * match: the caller logs the error; publishing never fails because of a trigger's filter.
 */
export async function matchEventFilter(
  filter: string | null,
  event: EventFilterContext,
): Promise<FilterOutcome> {
  if (filter === null || filter.trim() === '') return { match: true };
  try {
    // The context is JSONata's input as is: `payload.text`, `key` and `name` are plain paths.
    const value = await evaluateExpression(
      filter,
      event as unknown as EvaluationContext,
      EVENT_FILTER_LIMITS,
    );
    return { match: isTruthy(value) };
  } catch (err) {
    const failure = err as { code?: unknown; message?: unknown };
    return {
      match: false,
      error: {
        code: typeof failure.code === 'string' ? failure.code : 'expression.failed',
        message: typeof failure.message === 'string' ? failure.message : 'The filter failed',
      },
    };
  }
}
