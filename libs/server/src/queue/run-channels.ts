/**
 * Redis pub/sub channel names for runs. Both take the instance's Redis prefix so tests and
 * co-hosted instances never hear each other. Publish and subscribe on connections WITHOUT an
 * ioredis `keyPrefix` (`createRedis(url, prefix, 'queue')`): these names already carry the prefix,
 * and ioredis does not apply `keyPrefix` to channels consistently. Subscribers need a dedicated
 * connection.
 */
export const runEventsChannel = (prefix: string, runId: string): string => `${prefix}:run-events:${runId}`;

/**
 * A message on a run's events channel: one event as a JSON object, or several of the run's events,
 * in order, as a JSON array (a worker sends a commit's step events in one `PUBLISH`; a run status
 * always goes alone, as an object).
 */
export const runEventsMessage = <E>(events: readonly E[]): string =>
  JSON.stringify(events.length === 1 ? events[0] : events);

/** The events of one message on a run's events channel, in order. Throws on text that is not JSON. */
export function parseRunEventsMessage<E = Record<string, unknown>>(text: string): E[] {
  const parsed = JSON.parse(text) as E | E[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** One channel for every worker: a cancel names its run; the worker holding it aborts the step in flight. */
export const runControlChannel = (prefix: string): string => `${prefix}:run-control`;
