import type { StepErrorRecord } from '@stepline/domain';
import type { RunState } from '../run-state.js';

/**
 * The tenant's `maxStepsPerRun` over every step attempt of a run — top-level ones and those inside
 * forEach bodies alike. One per job: the runner creates it from what the checkpoints recorded and
 * hands it to the loops it runs; past the limit `exceeded` is set and the run fails with it.
 */
export class StepBudget {
  /** Set by the first attempt refused: the run's error. */
  exceeded: StepErrorRecord | undefined;

  constructor(
    readonly limit: number,
    private used = 0,
  ) {}

  /** Attempts already recorded: every top-level attempt and every body attempt (latest per path). */
  static usedBy(state: RunState): number {
    let used = 0;
    for (const n of state.attempts.values()) used += n;
    for (const steps of state.nested.values())
      for (const row of steps.values()) if (row.status !== 'skipped') used += row.attempt;
    return used;
  }

  get count(): number {
    return this.used;
  }

  /**
   * One more attempt starts (and is counted) — or, past the limit, the run's error (also kept in
   * `exceeded`) and nothing is counted.
   */
  take(stepId: string, path = ''): StepErrorRecord | undefined {
    if (this.used >= this.limit) {
      this.exceeded ??= {
        code: 'quota.max_steps_exceeded',
        message: `The run reached its workspace's limit of ${this.limit} steps per run`,
        stepId,
        detail: path ? { limit: this.limit, path } : { limit: this.limit },
      };
      return this.exceeded;
    }
    this.used++;
    return undefined;
  }

  /** An attempt that was not recorded after all (a nested loop that parked runs again later). */
  release(): void {
    this.used--;
  }

  /** A resumed wait's attempt: counted, never refused (the step started within the limit). */
  note(): undefined {
    this.used++;
    return undefined;
  }
}
