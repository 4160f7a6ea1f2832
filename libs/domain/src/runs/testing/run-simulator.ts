import { AppError } from '../../errors/index.js';
import type { RunScheduler } from '../run-scheduler.js';
import type { SchedulerDecision, StepOutcome } from '../scheduler.types.js';

/**
 * A runner without I/O: drives a `RunTracker` to the end with made-up outcomes. For tests — the
 * scheduler's properties here, and the worker's runner tests, which compare what the real runner
 * recorded with what the scheduler alone says should happen.
 */
export interface SimulateRunOptions {
  /** Outcome of an executed step (default: succeeded, no port). Called once per executed step. */
  outcomeOf?: (stepId: string) => StepOutcome;
  /** Steps executing at once (default: no limit). */
  concurrency?: number;
  /** Which running step settles next, as an index into `running` (oldest first); default 0. */
  pickNext?: (running: readonly string[]) => number;
}

/**
 * One thing the simulated runner did, in order. `decision` indexes `SimulatedRun.decisions`: the
 * decision that offered the start, skip or pass-through, or the one a settle produced. Skips and
 * pass-throughs of one decision happen together (they are listed in definition order).
 */
export interface SimulatedEvent {
  type: 'start' | 'settle' | 'skip' | 'passThrough';
  stepId: string;
  decision: number;
}

export interface SimulatedRun {
  status: 'succeeded' | 'failed';
  failedStep?: string;
  /** Steps started, in start order. */
  started: string[];
  /** Steps settled by the simulated executor, in settle order. */
  settled: string[];
  skipped: string[];
  passedThrough: string[];
  endedSteps: string[];
  /** Every decision, the tracker's first one included. */
  decisions: SchedulerDecision[];
  events: SimulatedEvent[];
  outcomes: ReadonlyMap<string, StepOutcome>;
}

const succeeded: StepOutcome = { status: 'succeeded' };

export const simulateRun = (scheduler: RunScheduler, options: SimulateRunOptions = {}): SimulatedRun => {
  const { outcomeOf = () => succeeded, concurrency = Number.POSITIVE_INFINITY, pickNext = () => 0 } = options;
  const tracker = scheduler.track();
  const run: SimulatedRun = {
    status: 'succeeded',
    started: [],
    settled: [],
    skipped: [],
    passedThrough: [],
    endedSteps: [],
    decisions: [],
    events: [],
    outcomes: tracker.outcomes,
  };
  const running: string[] = [];
  let decision = tracker.decision;
  // Every settle settles a step, so a run that has not ended after that many is a scheduler bug.
  for (let settles = 0; settles <= scheduler.stepIds.length; settles++) {
    run.decisions.push(decision);
    run.skipped.push(...decision.skip);
    run.passedThrough.push(...decision.passThrough);
    const at = settles;
    run.events.push(
      ...decision.skip.map((stepId) => ({ type: 'skip' as const, stepId, decision: at })),
      ...decision.passThrough.map((stepId) => ({ type: 'passThrough' as const, stepId, decision: at })),
    );
    for (const id of decision.ready.slice(0, Math.max(0, concurrency - running.length))) {
      tracker.start(id);
      running.push(id);
      run.started.push(id);
      run.events.push({ type: 'start', stepId: id, decision: at });
    }
    if (decision.done) {
      run.endedSteps = decision.endedSteps;
      if (decision.failedStep !== undefined) {
        run.status = 'failed';
        run.failedStep = decision.failedStep;
      }
      return run;
    }
    const pick = Math.abs(Math.trunc(pickNext(running))) % Math.max(running.length, 1);
    const [next] = running.splice(pick, 1);
    if (next === undefined) break;
    run.settled.push(next);
    run.events.push({ type: 'settle', stepId: next, decision: at + 1 });
    decision = tracker.settle(next, outcomeOf(next));
  }
  throw new AppError('internal.error', 'The simulated run did not finish', { detail: { run } });
};
