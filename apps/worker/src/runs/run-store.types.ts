import type { FlowDefinition, StepErrorRecord } from '@stepline/domain';

/** A run as the runner needs it; loaded by `RunStore.begin`. */
export interface RunnerRun {
  id: string;
  tenantId: string;
  flowId: string;
  versionId: string;
  versionNumber: number;
  isTest: boolean;
  /** Snapshot of the draft for test runs; null for runs of a published/archived version. */
  definition: FlowDefinition | null;
  status: string;
  trigger: string;
  input: unknown;
  deadlineAt: Date | null;
  cancelRequestedAt: Date | null;
  resumedFromRunId: string | null;
  resumeFromStep: string | null;
  startedAt: Date;
}

/** One checkpointed step run. */
export interface StepCheckpoint {
  tenantId: string;
  runId: string;
  stepId: string;
  path: string;
  attempt: number;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'waiting';
  port: string | null;
  input: unknown;
  output: unknown;
  /** `output` as JSON text when the runner serialised it already (`capOutput`): sent as is. */
  outputJson?: string;
  error: StepErrorRecord | null;
  logs: Array<{ level: string; message: string; time: string }>;
  outputTruncated: boolean;
  startedAt: Date | null;
  finishedAt: Date;
  durationMs: number | null;
}

export interface RecordedStep extends StepCheckpoint {
  seq: number;
}

export type FinalRunStatus = 'succeeded' | 'failed' | 'cancelled' | 'timed_out';

/** What `RunStore.commit` writes at once for one run. */
export interface RunCommit {
  /** The loaded run moves to `running` first (its first commit); `started` answers whether it could. */
  start?: { tenantId: string; runId: string; startedAt: Date };
  checkpoints: StepCheckpoint[];
  finish?: {
    tenantId: string;
    runId: string;
    status: FinalRunStatus;
    result: { output?: unknown; error?: StepErrorRecord | null };
    /** When the runner started a run that never moved to `running` (its only commit is this one). */
    startedAt?: Date;
  };
}

export interface RunCommitted {
  /** Per checkpoint: its sequence number, or null when it existed already (another runner has the run). */
  seqs: Array<number | null>;
  finished: boolean;
  /** With `start`: false when the run was no longer queued or running (cancelled, taken over). */
  started: boolean;
}

/**
 * The runner's view of persistence; the implementation calls the repositories of libs/server
 * (where all SQL lives). Tenant-scoped calls run inside the tenant's RLS transaction.
 */
export interface RunStore {
  /**
   * Loads a queued or running run and its checkpoints (a read: the run moves to `running` with its
   * first commit, see `RunCommit.start`). Null when the run is gone, over, or waiting.
   */
  load(tenantId: string, runId: string): Promise<{ run: RunnerRun; steps: RecordedStep[] } | null>;
  definitionOf(tenantId: string, versionId: string): Promise<FlowDefinition>;
  /** Latest succeeded step runs of an earlier run, for a resumed run's first start. */
  succeededStepsOf(tenantId: string, runId: string): Promise<RecordedStep[]>;
  /** Writes the terminal state unless the run is already terminal; true when this call wrote it. */
  finish(
    tenantId: string,
    runId: string,
    status: FinalRunStatus,
    result: { output?: unknown; error?: StepErrorRecord | null },
  ): Promise<boolean>;
  setResponse(tenantId: string, runId: string, response: unknown): Promise<void>;
  /** Group-committed, idempotent checkpoint writes (see CheckpointWriter). */
  checkpoint(row: StepCheckpoint): Promise<{ seq: number } | null>;
  /**
   * Several checkpoints of one run and, optionally, its finish, in one flush (never split across
   * flushes): `seqs[i]` is null when checkpoint i existed already (another runner has the run).
   */
  commit(unit: RunCommit): Promise<RunCommitted>;
  /** Runs of any tenant held as queued/running for longer than `staleAfterMs` (the sweeper's candidates). */
  runsToRecover(staleAfterMs: number, max: number): Promise<Array<{ tenantId: string; runId: string }>>;
  /** Deletes up to `batch` runs past their tenant's retention; answers how many. */
  pruneExpiredRuns(batch: number): Promise<number>;
  /** Heartbeat: marks runs in flight on this worker as alive, so the sweeper leaves them alone. */
  touch(runIds: readonly string[]): Promise<number>;
}
