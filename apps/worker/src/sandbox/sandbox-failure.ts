import { StepFailure, type StepFailureCode, type StepFailureOptions } from '@stepline/domain';
import type { SandboxLogEntry } from './sandbox.types.js';

/**
 * A code step's failure. Still a `StepFailure` (the runner records its code, message and detail),
 * and it carries what the code logged before failing, which the step run keeps too.
 *
 * Errors cross from the sandbox thread as plain `{ code, message, detail }` (structured clone
 * drops classes); they become a `SandboxFailure` here, on the main thread.
 */
export class SandboxFailure extends StepFailure {
  readonly logs: SandboxLogEntry[];
  readonly durationMs: number;

  constructor(
    code: StepFailureCode,
    message: string,
    options: StepFailureOptions & { logs?: SandboxLogEntry[]; durationMs?: number } = {},
  ) {
    const { logs, durationMs, ...rest } = options;
    super(code, message, rest);
    this.name = 'SandboxFailure';
    this.logs = logs ?? [];
    this.durationMs = durationMs ?? 0;
  }
}
