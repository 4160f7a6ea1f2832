import type { RunDetail, RunEvent, RunSummary, StepRun } from '../runs.graphql';

/** Answers shaped exactly as the generated operation types say the API sends them. */
export const T0 = '2026-03-01T10:00:00.000Z';
export const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();

export const stepRun = (stepId: string, overrides: Partial<StepRun> = {}): StepRun => ({
  seq: 1,
  stepId,
  path: '',
  attempt: 1,
  status: 'succeeded',
  port: null,
  input: { from: stepId },
  output: { done: stepId },
  outputTruncated: false,
  error: null,
  logs: [],
  startedAt: at(0),
  finishedAt: at(100),
  durationMs: 100,
  ...overrides,
});

export const runDetail = (overrides: Partial<RunDetail> = {}): RunDetail => ({
  id: 'run-1',
  flowId: 'flow-1',
  version: 2,
  isTest: false,
  status: 'succeeded',
  trigger: 'manual',
  input: { email: 'a@example.com' },
  output: { ok: true },
  error: null,
  createdAt: T0,
  startedAt: T0,
  finishedAt: at(300),
  durationMs: 300,
  cancelRequestedAt: null,
  retryOfRunId: null,
  resumedFromRunId: null,
  resumeFromStep: null,
  parentRunId: null,
  steps: [],
  waitingFor: [],
  ...overrides,
});

export const runSummary = (id: string, overrides: Partial<RunSummary> = {}): RunSummary => ({
  id,
  flowId: 'flow-1',
  version: 1,
  isTest: false,
  status: 'succeeded',
  trigger: 'manual',
  createdAt: T0,
  startedAt: T0,
  finishedAt: at(1500),
  durationMs: 1500,
  error: null,
  ...overrides,
});

const event = (overrides: Partial<RunEvent>): RunEvent => ({
  type: 'run.status',
  runId: 'run-1',
  seq: null,
  stepId: null,
  path: null,
  attempt: null,
  status: null,
  port: null,
  durationMs: null,
  error: null,
  at: T0,
  ...overrides,
});

export const stepStarted = (stepId: string, ms: number, attempt = 1): RunEvent =>
  event({ type: 'step.started', stepId, path: '', attempt, at: at(ms) });

export const stepSettled = (stepId: string, ms: number, overrides: Partial<RunEvent> = {}): RunEvent =>
  event({
    type: 'step.settled',
    stepId,
    path: '',
    attempt: 1,
    status: 'succeeded',
    durationMs: 50,
    seq: 1,
    at: at(ms),
    ...overrides,
  });

export const runStatus = (status: string, ms = 0): RunEvent =>
  event({ type: 'run.status', status, at: at(ms) });
