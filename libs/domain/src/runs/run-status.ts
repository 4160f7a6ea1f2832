/** A run's lifecycle (product.md §5). `waiting` = parked on a delay, approval or event: no job holds it. */
export const RUN_STATUSES = [
  'queued',
  'running',
  'waiting',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * A step run's status. A step that waits (delay, approval, event) is `waiting`; skipped covers both
 * a branch not taken and a disabled step (the step run's reason tells them apart).
 */
export const STEP_RUN_STATUSES = [
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'waiting',
] as const;
export type StepRunStatus = (typeof STEP_RUN_STATUSES)[number];

export const RUN_TRIGGERS = ['manual', 'api', 'webhook', 'schedule', 'event', 'subflow', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out'];

/**
 * Every allowed move, as data: the worker, the API (cancel) and the sweeper check a status change
 * against this table, and the database update is conditional on the old status, so two writers
 * racing (a cancel and a step finishing) cannot both win. Nothing leaves a terminal status: a retry
 * is a new run (trigger `retry`), never a resurrected one.
 */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'cancelled', 'timed_out'],
  running: ['waiting', 'succeeded', 'failed', 'cancelled', 'timed_out'],
  waiting: ['running', 'cancelled', 'timed_out'],
  succeeded: [],
  failed: [],
  cancelled: [],
  timed_out: [],
};

const isRunStatus = (value: unknown): value is RunStatus =>
  typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);

export const isTerminalRunStatus = (status: RunStatus): boolean => TERMINAL_RUN_STATUSES.includes(status);

/** False for a status that is not in the table too (a row written by a newer version, a typo). */
export const canTransitionRun = (from: RunStatus, to: RunStatus): boolean =>
  isRunStatus(from) && isRunStatus(to) && RUN_TRANSITIONS[from].includes(to);
