/**
 * Redis pub/sub channel names for runs. Both take the instance's Redis prefix so tests and
 * co-hosted instances never hear each other. Publish with a plain client (no ioredis keyPrefix
 * applies to channels), subscribe with a dedicated connection.
 */
export const runEventsChannel = (prefix: string, runId: string): string => `${prefix}:run-events:${runId}`;

/** One channel for every worker: a cancel names its run; the worker holding it aborts the step in flight. */
export const runControlChannel = (prefix: string): string => `${prefix}:run-control`;
