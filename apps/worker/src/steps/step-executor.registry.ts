import type { AnyStepExecutor, StepExecutor } from './step-executor.js';

/**
 * Step types of the catalogue whose executors come with a later issue (waits, loops, subflows).
 * The contract test fails when a catalogue type is neither executable nor listed here.
 */
export const PENDING_STEP_TYPES: readonly string[] = [];

/** Lookup of executors by step type; the only place the runner learns what a type does. */
export class StepExecutorRegistry {
  private readonly byType = new Map<string, StepExecutor>();

  constructor(executors: readonly AnyStepExecutor[]) {
    for (const executor of executors as unknown as StepExecutor[]) {
      if (this.byType.has(executor.type)) throw new Error(`Executor for "${executor.type}" registered twice`);
      this.byType.set(executor.type, executor);
    }
  }

  get(type: string): StepExecutor | undefined {
    return this.byType.get(type);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}
