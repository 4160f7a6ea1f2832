import type { StepErrorRecord } from './step-failure.js';

/**
 * What a live view (SSE, GraphQL subscription, the editor's canvas) hears about a run. The worker
 * publishes these on Redis pub/sub after the state they describe is committed in Postgres, so a
 * client that reads the run after an event never sees older state. Step events of settled steps
 * carry `seq` (the step run's global sequence number): SSE uses it as the event id, and a client
 * resuming with `Last-Event-ID` gets every step run with a higher `seq` replayed from Postgres.
 * `step.started` events are not persisted (they exist only live).
 */
export type RunEvent = RunStatusEvent | StepStartedEvent | StepSettledEvent;

export interface RunStatusEvent {
  type: 'run.status';
  runId: string;
  /** `RunStatus` of the run (kept as a string here so this file has no import cycle). */
  status: string;
  at: string;
  error?: StepErrorRecord | null;
  /**
   * A succeeded run's output (as stored: masked and capped), when the worker includes it: a sync
   * webhook waiting on a run without `respond` steps then answers without reading the run.
   */
  output?: unknown;
}

export interface StepStartedEvent {
  type: 'step.started';
  runId: string;
  stepId: string;
  path: string;
  attempt: number;
  at: string;
}

export interface StepSettledEvent {
  type: 'step.settled';
  runId: string;
  seq: number;
  stepId: string;
  path: string;
  attempt: number;
  /** `StepRunStatus`: succeeded | failed | skipped | cancelled | waiting. */
  status: string;
  port?: string | null;
  durationMs?: number | null;
  error?: StepErrorRecord | null;
  at: string;
}

/** A request from the API to the workers about a run in flight (only `cancel` so far). */
export interface RunControlMessage {
  type: 'cancel';
  tenantId: string;
  runId: string;
}
