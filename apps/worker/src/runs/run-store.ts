import { Inject, Injectable } from '@nestjs/common';
import { type FlowDefinition, type StepErrorRecord } from '@stepline/domain';
import {
  checkpointStepRuns,
  DATA_SOURCE,
  findRun,
  findVersionById,
  inTenant,
  latestSucceededOutputs,
  listStepRuns,
  pruneExpiredRuns,
  runsToRecover,
  setRunResponse,
  touchRuns,
  transitionRun,
  type StepRunRecord,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import { CheckpointWriter } from './checkpoint-writer.js';
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

/** The runner's persistence over the repositories of libs/server (no SQL here). */
@Injectable()
export class PostgresRunStore implements RunStore {
  private readonly checkpoints: CheckpointWriter<StepCheckpoint>;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    this.checkpoints = new CheckpointWriter<StepCheckpoint>(async (rows) => {
      const written = await checkpointStepRuns(
        this.dataSource,
        rows.map((r) => ({
          ...r,
          error: r.error as unknown as Record<string, unknown> | null,
          logs: r.logs.map((l) => ({ level: l.level, message: l.message, at: l.time })),
        })),
      );
      return written
        .filter((w) => w.inserted && w.seq !== null)
        .map((w) => ({
          runId: w.runId,
          stepId: w.stepId,
          path: w.path,
          attempt: w.attempt,
          seq: w.seq as number,
        }));
    });
  }

  begin(tenantId: string, runId: string) {
    return inTenant(this.dataSource, tenantId, async (m) => {
      const moved = await transitionRun(m, runId, ['queued', 'running'], 'running');
      if (!moved) return null;
      const run: RunnerRun = {
        id: moved.id,
        tenantId: moved.tenantId,
        flowId: moved.flowId,
        versionId: moved.versionId,
        versionNumber: moved.versionNumber,
        isTest: moved.isTest,
        definition: moved.definition as FlowDefinition | null,
        status: moved.status,
        trigger: moved.trigger,
        input: moved.input,
        deadlineAt: moved.deadlineAt,
        cancelRequestedAt: moved.cancelRequestedAt,
        resumedFromRunId: moved.resumedFromRunId,
        resumeFromStep: moved.resumeFromStep,
        startedAt: moved.startedAt ?? new Date(),
      };
      const steps = (await listStepRuns(m, runId)).map(toRecorded);
      return { run, steps };
    });
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
    return inTenant(this.dataSource, tenantId, async (m) => {
      const patch = {
        ...(result.output !== undefined ? { output: result.output } : {}),
        ...(result.error ? { error: result.error as unknown as Record<string, unknown> } : {}),
      };
      const moved = await transitionRun(m, runId, ['queued', 'running', 'waiting'], status, patch);
      return moved !== null;
    });
  }

  async setResponse(tenantId: string, runId: string, response: unknown): Promise<void> {
    await inTenant(this.dataSource, tenantId, (m) =>
      setRunResponse(m, runId, response as Record<string, unknown>),
    );
  }

  checkpoint(row: StepCheckpoint): Promise<{ seq: number } | null> {
    return this.checkpoints.write(row);
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
