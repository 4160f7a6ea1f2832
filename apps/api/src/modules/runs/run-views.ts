import { actorOf, type Principal, type StepErrorRecord, type StepSettledEvent } from '@stepline/domain';
import type { RunListItem, RunRecord, StepRunRecord, WaitpointRecord } from '@stepline/server';
import type { AuditEntry } from '../audit/audit.service.js';
import type {
  RunDetailView,
  RunSummaryView,
  RunView,
  StepLogView,
  StepRunView,
  WaitingForView,
} from './runs.types.js';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export const toRunSummary = (r: RunListItem): RunSummaryView => ({
  id: r.id,
  flowId: r.flowId,
  version: r.versionNumber,
  status: r.status,
  trigger: r.trigger,
  isTest: r.isTest,
  error: (r.error as StepErrorRecord | null) ?? null,
  retryOfRunId: r.retryOfRunId ?? null,
  resumedFromRunId: r.resumedFromRunId ?? null,
  resumeFromStep: r.resumeFromStep ?? null,
  parentRunId: r.parentRunId ?? null,
  cancelRequestedAt: iso(r.cancelRequestedAt),
  createdAt: r.createdAt.toISOString(),
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
  durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
});

export const toRunView = (r: RunRecord): RunView => ({
  ...toRunSummary(r),
  input: r.input ?? null,
  output: r.output ?? null,
});

/** Log lines as recorded; the time is `time` (older rows may say `at`). */
const toLogView = (l: StepRunRecord['logs'][number]): StepLogView => {
  const line = l as unknown as Record<string, unknown>;
  return {
    level: String(line['level'] ?? 'info'),
    message: String(line['message'] ?? ''),
    time: String(line['time'] ?? line['at'] ?? ''),
  };
};

export const toStepRunView = (s: StepRunRecord): StepRunView => ({
  seq: Number(s.seq),
  stepId: s.stepId,
  path: s.path,
  attempt: s.attempt,
  status: s.status,
  port: s.port ?? null,
  input: s.input ?? null,
  output: s.output ?? null,
  outputTruncated: s.outputTruncated,
  error: (s.error as StepErrorRecord | null) ?? null,
  logs: (s.logs ?? []).map(toLogView),
  startedAt: iso(s.startedAt),
  finishedAt: iso(s.finishedAt),
  durationMs: s.durationMs ?? null,
});

export const toWaitingForView = (w: WaitpointRecord): WaitingForView => ({
  id: w.id,
  kind: w.kind,
  stepId: w.stepId,
  path: w.path,
  eventName: w.eventName,
  correlationKey: w.correlationKey,
  approvalId: w.kind === 'approval' ? w.id : null,
  childRunId:
    w.kind === 'subflow' && typeof w.details['childRunId'] === 'string' ? w.details['childRunId'] : null,
  until: iso(w.resumeAt),
  since: w.createdAt.toISOString(),
});

export const toRunDetail = (
  r: RunRecord,
  steps: StepRunRecord[],
  waits: readonly WaitpointRecord[] = [],
): RunDetailView => ({
  ...toRunView(r),
  steps: steps.map(toStepRunView),
  waitingFor: waits.filter((w) => w.status === 'waiting').map(toWaitingForView),
});

/** A recorded step run as the `step.settled` event a live viewer got (or missed) for it. */
export const toStepSettledEvent = (runId: string, s: StepRunRecord): StepSettledEvent => ({
  type: 'step.settled',
  runId,
  seq: Number(s.seq),
  stepId: s.stepId,
  path: s.path,
  attempt: s.attempt,
  status: s.status,
  port: s.port ?? null,
  durationMs: s.durationMs ?? null,
  error: (s.error as StepErrorRecord | null) ?? null,
  at: (s.finishedAt ?? s.startedAt ?? new Date()).toISOString(),
});

/** Cancels, retries and resumes are audited alike: by the principal, with the run as target. */
export const runAuditEntry = (
  principal: Principal,
  runId: string,
  change: Omit<AuditEntry, 'tenantId' | 'actor' | 'target'>,
): AuditEntry => ({
  tenantId: principal.tenantId,
  actor: actorOf(principal),
  target: { type: 'run', id: runId },
  ...change,
});
