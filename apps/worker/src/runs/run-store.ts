import { Inject, Injectable } from '@nestjs/common';
import { type FlowDefinition, type StepErrorRecord } from '@stepline/domain';
import {
  DATA_SOURCE,
  findVersionById,
  inTenant,
  latestSucceededOutputs,
  pruneExpiredRuns,
  runsToRecover,
  setRunResponse,
  touchRuns,
  writeRunBatch,
  type RunFinish,
  type RunRecord,
  type StepRunRecord,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import { GroupCommit } from './group-commit.js';
import { RunMetrics } from './run-metrics.js';
import type {
  FinalRunStatus,
  RecordedStep,
  RunCommit,
  RunnerRun,
  RunStore,
  StepCheckpoint,
} from './run-store.types.js';

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

/** One write handed to the group commit, and what its caller gets back. */
type RunWrite =
  | { kind: 'begin'; tenantId: string; runId: string }
  | { kind: 'checkpoint'; row: StepCheckpoint }
  | { kind: 'finish'; finish: RunFinish }
  | { kind: 'unit'; rows: StepCheckpoint[]; finish?: RunFinish };
type Committed = { seqs: Array<number | null>; finished: boolean };
type Written = Begun | { seq: number } | null | boolean | Committed;

const runFinish = (
  tenantId: string,
  runId: string,
  status: FinalRunStatus,
  result: { output?: unknown; error?: StepErrorRecord | null },
): RunFinish => ({
  tenantId,
  runId,
  status,
  ...(result.output !== undefined ? { output: result.output } : {}),
  error: (result.error ?? null) as Record<string, unknown> | null,
});

/**
 * Flushes in flight at once, each on its own pooled connection: a batch forms and goes out while
 * the previous one waits for its WAL fsync, and Postgres flushes the WAL of concurrent commits
 * together. On the (CPU-bound) 2-core bench machine 1, 2 and 4 measured the same within noise; two
 * keep the fsync overlap without taking much of the pool (docs/benchmarks.md "Engine").
 */
const FLUSHES_IN_FLIGHT = 2;

/**
 * The runner's persistence over the repositories of libs/server (no SQL here). The three writes
 * every run makes — its start, each step's checkpoint, its finish — go through one group commit:
 * one statement (`writeRunBatch`, one transaction) per flush for all runs of all tenants in flight
 * on this worker (SECURITY DEFINER functions that check each row's tenant against its run).
 */
@Injectable()
export class PostgresRunStore implements RunStore {
  private readonly writes: GroupCommit<RunWrite, Written>;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    metrics: RunMetrics,
  ) {
    this.writes = new GroupCommit((batch) => this.flush(batch), {
      maxInFlight: FLUSHES_IN_FLIGHT,
      onFlush: (size, ms) => metrics.writeFlushed(size, ms),
    });
  }

  private async flush(batch: RunWrite[]): Promise<Written[]> {
    const begins: Array<{ tenantId: string; runId: string }> = [];
    const checkpoints: StepCheckpoint[] = [];
    const finishes: RunFinish[] = [];
    for (const write of batch) {
      if (write.kind === 'begin') begins.push({ tenantId: write.tenantId, runId: write.runId });
      else if (write.kind === 'checkpoint') checkpoints.push(write.row);
      else if (write.kind === 'finish') finishes.push(write.finish);
      else {
        checkpoints.push(...write.rows);
        if (write.finish) finishes.push(write.finish);
      }
    }
    const { begun, checkpointed, finished } = await writeRunBatch(this.dataSource, {
      begins,
      checkpoints: checkpoints.map((r) => ({
        ...r,
        error: r.error as unknown as Record<string, unknown> | null,
        logs: r.logs.map((l) => ({ level: l.level, message: l.message, at: l.time })),
      })),
      finishes,
    });
    const begunByKey = new Map(begun.map((b) => [`${b.run.tenantId}/${b.run.id}`, b]));
    const checkpointedByKey = new Map(checkpointed.map((c) => [checkpointKey(c), c]));
    const finishedIds = new Set(finished);
    // Not inserted: the row existed already — another runner holds this run.
    const seqOf = (row: StepCheckpoint): number | null => {
      const w = checkpointedByKey.get(checkpointKey(row));
      return w && w.inserted && w.seq !== null ? w.seq : null;
    };
    return batch.map((write): Written => {
      if (write.kind === 'begin') {
        const b = begunByKey.get(`${write.tenantId}/${write.runId}`);
        return b ? { run: toRunnerRun(b.run), steps: b.steps.map(toRecorded) } : null;
      }
      if (write.kind === 'checkpoint') {
        const seq = seqOf(write.row);
        return seq === null ? null : { seq };
      }
      if (write.kind === 'unit') {
        return {
          seqs: write.rows.map(seqOf),
          finished: write.finish ? finishedIds.has(write.finish.runId) : false,
        };
      }
      return finishedIds.has(write.finish.runId);
    });
  }

  begin(tenantId: string, runId: string): Promise<Begun> {
    return this.writes.submit({ kind: 'begin', tenantId, runId }) as Promise<Begun>;
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
    const finish = runFinish(tenantId, runId, status, result);
    return this.writes.submit({ kind: 'finish', finish }) as Promise<boolean>;
  }

  commit(unit: RunCommit): Promise<Committed> {
    const f = unit.finish;
    return this.writes.submit({
      kind: 'unit',
      rows: unit.checkpoints,
      ...(f ? { finish: runFinish(f.tenantId, f.runId, f.status, f.result) } : {}),
    }) as Promise<Committed>;
  }

  async setResponse(tenantId: string, runId: string, response: unknown): Promise<void> {
    await inTenant(this.dataSource, tenantId, (m) =>
      setRunResponse(m, runId, response as Record<string, unknown>),
    );
  }

  checkpoint(row: StepCheckpoint): Promise<{ seq: number } | null> {
    return this.writes.submit({ kind: 'checkpoint', row }) as Promise<{ seq: number } | null>;
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
