import { Inject, Injectable } from '@nestjs/common';
import { type FlowDefinition, type StepErrorRecord } from '@stepline/domain';
import {
  beginRuns,
  checkpointStepRuns,
  DATA_SOURCE,
  finishRuns,
  findVersionById,
  inTenant,
  latestSucceededOutputs,
  pruneExpiredRuns,
  runsToRecover,
  setRunResponse,
  touchRuns,
  type RunFinish,
  type RunRecord,
  type StepRunRecord,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import { alignByKey, GroupCommit } from './group-commit.js';
import type { FinalRunStatus, RecordedStep, RunnerRun, RunStore, StepCheckpoint } from './run-store.types.js';

export const RUN_STORE = Symbol('RUN_STORE');

const toRecorded = (r: StepRunRecord): RecordedStep => ({
  seq: r.seq,
  tenantId: r.tenantId,
  runId: r.runId,
  stepId: r.stepId,
  path: r.path,
  attempt: r.attempt,
  status: r.status as RecordedStep['status'],
  port: r.port,
  input: r.input,
  output: r.output,
  error: r.error as StepErrorRecord | null,
  logs: r.logs.map((l) => ({ level: l.level, message: l.message, time: l.at })),
  outputTruncated: r.outputTruncated,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt ?? new Date(0),
  durationMs: r.durationMs,
});

const toRunnerRun = (run: RunRecord): RunnerRun => ({
  id: run.id,
  tenantId: run.tenantId,
  flowId: run.flowId,
  versionId: run.versionId,
  versionNumber: run.versionNumber,
  isTest: run.isTest,
  definition: run.definition as FlowDefinition | null,
  status: run.status,
  trigger: run.trigger,
  input: run.input,
  deadlineAt: run.deadlineAt,
  cancelRequestedAt: run.cancelRequestedAt,
  resumedFromRunId: run.resumedFromRunId,
  resumeFromStep: run.resumeFromStep,
  startedAt: run.startedAt ?? new Date(),
});

type Begun = { run: RunnerRun; steps: RecordedStep[] } | null;
const checkpointKey = (r: { runId: string; path: string; stepId: string; attempt: number }) =>
  `${r.runId}\u0000${r.path}\u0000${r.stepId}\u0000${r.attempt}`;

/**
 * The runner's persistence over the repositories of libs/server (no SQL here). The three writes
 * every run makes — its start, each step's checkpoint, its finish — go through group commits: one
 * statement per flush for all runs of all tenants in flight on this worker (SECURITY DEFINER
 * functions that check each row's tenant against its run).
 */
@Injectable()
export class PostgresRunStore implements RunStore {
  private readonly begins: GroupCommit<{ tenantId: string; runId: string }, Begun>;
  private readonly checkpoints: GroupCommit<StepCheckpoint, { seq: number } | null>;
  private readonly finishes: GroupCommit<RunFinish, boolean>;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    this.begins = new GroupCommit(async (requests) => {
      const begun = await beginRuns(this.dataSource, requests);
      const aligned = alignByKey(
        requests,
        begun,
        (r) => `${r.tenantId}/${r.runId}`,
        (b) => `${b.run.tenantId}/${b.run.id}`,
      );
      return aligned.map((b) => (b ? { run: toRunnerRun(b.run), steps: b.steps.map(toRecorded) } : null));
    });
    this.checkpoints = new GroupCommit(async (rows) => {
      const written = await checkpointStepRuns(
        this.dataSource,
        rows.map((r) => ({
          ...r,
          error: r.error as unknown as Record<string, unknown> | null,
          logs: r.logs.map((l) => ({ level: l.level, message: l.message, at: l.time })),
        })),
      );
      const aligned = alignByKey(rows, written, checkpointKey, checkpointKey);
      // Not inserted: the row existed already — another runner holds this run.
      return aligned.map((w) => (w && w.inserted && w.seq !== null ? { seq: w.seq } : null));
    });
    this.finishes = new GroupCommit(async (requests) => {
      const finished = new Set(await finishRuns(this.dataSource, requests));
      return requests.map((r) => finished.has(r.runId));
    });
  }

  begin(tenantId: string, runId: string): Promise<Begun> {
    return this.begins.submit({ tenantId, runId });
  }

  async definitionOf(tenantId: string, versionId: string): Promise<FlowDefinition> {
    const version = await inTenant(this.dataSource, tenantId, (m) => findVersionById(m, versionId));
    if (!version) throw new Error(`flow version ${versionId} not found`);
    return version.definition as unknown as FlowDefinition;
  }

  async succeededStepsOf(tenantId: string, runId: string): Promise<RecordedStep[]> {
    const rows = await inTenant(this.dataSource, tenantId, (m) => latestSucceededOutputs(m, runId));
    return rows.map(toRecorded);
  }

  finish(
    tenantId: string,
    runId: string,
    status: FinalRunStatus,
    result: { output?: unknown; error?: StepErrorRecord | null },
  ): Promise<boolean> {
    return this.finishes.submit({
      tenantId,
      runId,
      status,
      ...(result.output !== undefined ? { output: result.output } : {}),
      error: (result.error ?? null) as Record<string, unknown> | null,
    });
  }

  async setResponse(tenantId: string, runId: string, response: unknown): Promise<void> {
    await inTenant(this.dataSource, tenantId, (m) =>
      setRunResponse(m, runId, response as Record<string, unknown>),
    );
  }

  checkpoint(row: StepCheckpoint): Promise<{ seq: number } | null> {
    return this.checkpoints.submit(row);
  }

  runsToRecover(staleAfterMs: number, max: number) {
    return runsToRecover(this.dataSource, { staleAfterMs, max });
  }

  pruneExpiredRuns(batch: number): Promise<number> {
    return pruneExpiredRuns(this.dataSource, batch);
  }

  touch(runIds: readonly string[]): Promise<number> {
    return touchRuns(this.dataSource, runIds);
  }
}
