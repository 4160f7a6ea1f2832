/** What the runner reports for a settled step (a checkpointed step run). */
export interface StepOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  /** Port the step emitted: condition 'true'/'false', switch case name or 'default'. Unset for plain steps. */
  port?: string;
  /**
   * A failure that `onError` cannot catch: the run fails whatever the step's `onError` says. The
   * runner sets it for the `fail` step's `flow.failed`, whose whole point is to end the run.
   */
  fatal?: boolean;
}

/**
 * What to do next. Every list is in definition order, so decisions are deterministic. A step ends up
 * in exactly one of ready / skip / passThrough exactly once over a run that does not fail.
 */
export interface SchedulerDecision {
  /** Steps to start now: all parents settled, ≥ 1 active incoming edge (or a root), not started. */
  ready: string[];
  /**
   * Steps now known to be skipped (all parents settled, no active incoming edge), with the whole
   * closure of what their skip implies. The runner records them `skipped` (branch not taken).
   */
  skip: string[];
  /**
   * Disabled steps that would have been ready: the runner records them `skipped` (reason disabled).
   * Their children see them as succeeded without a port, and are already decided in this decision.
   */
  passThrough: string[];
  /** The first step (definition order) whose failure fails the run; nothing new starts after it. */
  failedStep?: string;
  /** Nothing running, nothing ready: the run is over (failed when `failedStep` is set). */
  done: boolean;
  /**
   * When done and not failed: the steps that executed (succeeded, or failed and handled) from which
   * no active edge leads on to another executed step — disabled steps are looked through. The
   * default run output is theirs. Empty otherwise.
   */
  endedSteps: string[];
}
