import type { StepFailureCode } from '@stepline/domain';

/** One run of a code step's source. */
export interface SandboxRequest {
  /** The body of an async function of `{ input, steps, vars, item, index }`. */
  source: string;
  /** Passed in as JSON: `{ input, steps, vars, item, index }`. */
  args: Record<string, unknown>;
  /** CPU/wall-time limit of the run; clamped to the sandbox's `maxTimeoutMs`. */
  timeoutMs: number;
  /** Clamped to the sandbox's `maxMemoryBytes`. */
  memoryLimitBytes: number;
  /** Aborting stops the run promptly (`code.cancelled`), queued or running. */
  signal?: AbortSignal;
}

export interface SandboxLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  /** ISO 8601, when the line was logged. */
  time: string;
}

export interface SandboxResult {
  /** The return value, as JSON (`undefined` becomes `null`). */
  value: unknown;
  logs: SandboxLogEntry[];
  /** Time spent running the code in its thread (queueing excluded). */
  durationMs: number;
}

/** Per-run output caps, sent to the thread with each job. */
export interface SandboxOutputLimits {
  maxLogMessageChars: number;
  maxLogChars: number;
  maxResultChars: number;
}

/** Main thread → sandbox thread. */
export interface ThreadRunMessage {
  type: 'run';
  jobId: number;
  source: string;
  argsJson: string;
  timeoutMs: number;
  memoryLimitBytes: number;
  limits: SandboxOutputLimits;
}

export type ThreadOutcome =
  | { ok: true; json: string }
  | { ok: false; code: StepFailureCode; message: string; detail?: Record<string, unknown> };

/** Sandbox thread → main thread. */
export type ThreadMessage =
  | { type: 'ready' }
  | { type: 'done'; jobId: number; outcome: ThreadOutcome; logs: SandboxLogEntry[]; durationMs: number };
