import type { components } from './generated/openapi.js';

export type RunStatus = components['schemas']['RunDto']['status'];
export type RunError = components['schemas']['RunErrorDto'];

/** Statuses a run never leaves. */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out'];
export const isTerminalRunStatus = (status: string): boolean =>
  (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);

/** The run moved to `status` (the stream ends after a terminal one). */
export interface RunStatusEvent {
  type: 'run.status';
  runId: string;
  status: RunStatus;
  at: string;
  error?: RunError | null;
}

/** A step began an attempt (live only; never replayed). */
export interface StepStartedEvent {
  type: 'step.started';
  runId: string;
  stepId: string;
  path: string;
  attempt: number;
  at: string;
}

/** A step run was recorded; `seq` is its SSE event id (resume after it with Last-Event-ID). */
export interface StepSettledEvent {
  type: 'step.settled';
  runId: string;
  seq: number;
  stepId: string;
  path: string;
  attempt: number;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'waiting' | 'running';
  port?: string | null;
  durationMs?: number | null;
  error?: RunError | null;
  at: string;
}

/** What `runs.stream` yields: the events of `GET /v1/runs/{id}/events`. */
export type RunEvent = RunStatusEvent | StepStartedEvent | StepSettledEvent;
