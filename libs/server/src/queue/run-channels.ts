/**
 * Redis pub/sub channel names for runs. Both take the instance's Redis prefix so tests and
 * co-hosted instances never hear each other. Publish and subscribe on connections WITHOUT an
 * ioredis `keyPrefix` (`createRedis(url, prefix, 'queue')`): these names already carry the prefix,
 * and ioredis does not apply `keyPrefix` to channels consistently. Subscribers need a dedicated
 * connection.
 */
export const runEventsChannel = (prefix: string, runId: string): string => `${prefix}:run-events:${runId}`;

/** One channel for every worker: a cancel names its run; the worker holding it aborts the step in flight. */
export const runControlChannel = (prefix: string): string => `${prefix}:run-control`;
