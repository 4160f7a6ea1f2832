import type { RunStatus, RunTrigger, StepErrorRecord, StepRunStatus } from '@stepline/domain';

/** Seconds a start may wait for the run to finish before answering 202. */
export const MAX_WAIT_SECONDS = 30;
/** Idempotency keys: printable ASCII, like any header value a client library will send as is. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Which version a start runs: a number, the published one (default) or the draft (a test run). */
export type RunVersionRef = number | 'published' | 'draft';

export interface StartRunInput {
  input?: unknown;
  version?: number | 'draft';
  wait?: number;
  idempotencyKey?: string;
}

export interface RunFilter {
  flowId?: string;
  status?: RunStatus[];
  trigger?: RunTrigger[];
  /** Inclusive lower bound on created_at (ISO 8601). */
  from?: string;
  /** Exclusive upper bound on created_at (ISO 8601). */
  to?: string;
  isTest?: boolean;
}

/** A run as lists show it: without its payloads. */
export interface RunSummaryView {
  id: string;
  flowId: string;
  version: number;
  status: RunStatus;
  trigger: RunTrigger;
  isTest: boolean;
  error: StepErrorRecord | null;
  retryOfRunId: string | null;
  resumedFromRunId: string | null;
  resumeFromStep: string | null;
  parentRunId: string | null;
  cancelRequestedAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface RunView extends RunSummaryView {
  input: unknown;
  output: unknown;
}

export interface StepLogView {
  level: string;
  message: string;
  time: string;
}

export interface StepRunView {
  seq: number;
  stepId: string;
  path: string;
  attempt: number;
  status: StepRunStatus;
  port: string | null;
  input: unknown;
  output: unknown;
  outputTruncated: boolean;
  error: StepErrorRecord | null;
  logs: StepLogView[];
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

/** What a waiting run waits for: one open waitpoint (docs/adr/0006-durable-waits.md). */
export interface WaitingForView {
  /** The waitpoint; for an approval also its approval id. */
  id: string;
  kind: 'delay' | 'event' | 'approval' | 'subflow';
  stepId: string;
  path: string;
  /** kind `event`: the event name and the key it must carry (null: any key). */
  eventName: string | null;
  correlationKey: string | null;
  /** kind `approval`: the approval to decide (its id). */
  approvalId: string | null;
  /** kind `subflow`: the child run waited for. */
  childRunId: string | null;
  /** When the delay ends or the wait times out (null: no timeout). */
  until: string | null;
  since: string;
}

export interface RunDetailView extends RunView {
  steps: StepRunView[];
  /** The open waits of a waiting run (empty otherwise). */
  waitingFor: WaitingForView[];
}

/** The 202 of a start that did not finish within `wait`. */
export interface RunAcceptedView {
  id: string;
  status: RunStatus;
  url: string;
}

/** What a start answers: 200 with the run when it finished within `wait` (or replays a key), else 202. */
export type StartRunResult = { status: 200; run: RunDetailView } | { status: 202; accepted: RunAcceptedView };

export const runUrl = (runId: string) => `/v1/runs/${runId}`;
