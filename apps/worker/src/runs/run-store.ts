import { Inject, Injectable } from '@nestjs/common';
import { type FlowDefinition, type StepErrorRecord } from '@stepline/domain';
import {
  DATA_SOURCE,
  findVersionById,
  GroupCommit,
  inTenant,
  latestSucceededOutputs,
  loadRuns,
  pruneExpiredRuns,
  runsToRecover,
  setRunResponse,
  touchRuns,
  writeRunBatch,
  type RunFinish,
  type RunRecord,
  type RunStart,
  type StepRunRecord,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import { RunMetrics } from './run-metrics.js';
import type {
  FinalRunStatus,
  RecordedStep,
  RunCommit,
  RunCommitted,
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

type Loaded = { run: RunnerRun; steps: RecordedStep[] } | null;
const checkpointKey = (r: { runId: string; path: string; stepId: string; attempt: number }) =>
  `${r.runId}\u0000${r.path}\u0000${r.stepId}\u0000${r.attempt}`;

/** One write handed to the group commit, and what its caller gets back. */
type RunWrite =
  | { kind: 'checkpoint'; row: StepCheckpoint }
  | { kind: 'finish'; finish: RunFinish }
  | { kind: 'unit'; start?: RunStart; rows: StepCheckpoint[]; finish?: RunFinish };
type Written = { seq: number } | null | boolean | RunCommitted;

const runFinish = (
  tenantId: string,
  runId: string,
  status: FinalRunStatus,
  result: { output?: unknown; error?: StepErrorRecord | null },
  startedAt?: Date,
): RunFinish => ({
  tenantId,
  runId,
  status,
  ...(result.output !== undefined ? { output: result.output } : {}),
  error: (result.error ?? null) as Record<string, unknown> | null,
  ...(startedAt ? { startedAt } : {}),
});

/**
 * Flushes in flight at once, each on its own pooled connection: a batch forms and goes out while
 * the previous one waits for its WAL fsync, and Postgres flushes the WAL of concurrent commits
 * together. On the (CPU-bound) 2-core bench machine 1, 2 and 4 measured the same within noise; two
 * keep the fsync overlap without taking much of the pool (docs/benchmarks.md "Engine").
 */
const FLUSHES_IN_FLIGHT = 2;

/**
 * The runner's persistence over the repositories of libs/server (no SQL here). A run is loaded
 * with a read (`loadRuns`, group-loaded); what it writes — its start, its checkpoints, its finish,
 * in units of one `CheckpointTrail` commit — goes through one group commit: one statement
 * (`writeRunBatch`, one transaction) per flush for all runs of all tenants in flight on this worker
 * (SECURITY DEFINER functions that check each row's tenant against its run). A run of replay-safe
 * steps makes one commit in all: start, checkpoints and finish together.
 */
@Injectable()
export class PostgresRunStore implements RunStore {
  private readonly writes: GroupCommit<RunWrite, Written>;
  /** Loads go out together too, but apart from writes: a read has no commit (fsync) to wait for. */
  private readonly loads: GroupCommit<{ tenantId: string; runId: string }, Loaded>;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    metrics: RunMetrics,
  ) {
    this.writes = new GroupCommit((batch) => this.flush(batch), {
      maxInFlight: FLUSHES_IN_FLIGHT,
      onFlush: (size, ms) => metrics.writeFlushed(size, ms),
    });
    this.loads = new GroupCommit((batch) => this.loadBatch(batch), { maxInFlight: FLUSHES_IN_FLIGHT });
  }

  private async loadBatch(batch: Array<{ tenantId: string; runId: string }>): Promise<Loaded[]> {
    const loaded = await loadRuns(this.dataSource, batch);
    const byKey = new Map(loaded.map((b) => [`${b.run.tenantId}/${b.run.id}`, b]));
    return batch.map((r) => {
      const b = byKey.get(`${r.tenantId}/${r.runId}`);
      return b ? { run: toRunnerRun(b.run), steps: b.steps.map(toRecorded) } : null;
    });
  }

  private async flush(batch: RunWrite[]): Promise<Written[]> {
    const starts: RunStart[] = [];
    const checkpoints: StepCheckpoint[] = [];
    const finishes: RunFinish[] = [];
    for (const write of batch) {
      if (write.kind === 'checkpoint') checkpoints.push(write.row);
      else if (write.kind === 'finish') finishes.push(write.finish);
      else {
        if (write.start) starts.push(write.start);
        checkpoints.push(...write.rows);
        if (write.finish) finishes.push(write.finish);
      }
    }
    const { started, checkpointed, finished } = await writeRunBatch(this.dataSource, {
      begins: [],
      starts,
      checkpoints: checkpoints.map((r) => ({
        ...r,
        error: r.error as unknown as Record<string, unknown> | null,
        logs: r.logs.map((l) => ({ level: l.level, message: l.message, at: l.time })),
      })),
      finishes,
    });
    const startedIds = new Set(started);
    const checkpointedByKey = new Map(checkpointed.map((c) => [checkpointKey(c), c]));
    const finishedIds = new Set(finished);
    // Not inserted: the row existed already — another runner holds this run.
    const seqOf = (row: StepCheckpoint): number | null => {
      const w = checkpointedByKey.get(checkpointKey(row));
      return w && w.inserted && w.seq !== null ? w.seq : null;
    };
    return batch.map((write): Written => {
      if (write.kind === 'checkpoint') {
        const seq = seqOf(write.row);
        return seq === null ? null : { seq };
      }
      if (write.kind === 'unit') {
        return {
          seqs: write.rows.map(seqOf),
          finished: write.finish ? finishedIds.has(write.finish.runId) : false,
          started: write.start ? startedIds.has(write.start.runId) : false,
        };
      }
      return finishedIds.has(write.finish.runId);
    });
  }

  load(tenantId: string, runId: string): Promise<Loaded> {
    return this.loads.submit({ tenantId, runId });
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

  commit(unit: RunCommit): Promise<RunCommitted> {
    const f = unit.finish;
    return this.writes.submit({
      kind: 'unit',
      ...(unit.start ? { start: unit.start } : {}),
      rows: unit.checkpoints,
      ...(f ? { finish: runFinish(f.tenantId, f.runId, f.status, f.result, f.startedAt) } : {}),
    }) as Promise<RunCommitted>;
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
