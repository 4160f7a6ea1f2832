/**
 * Group commit of step checkpoints (architecture.md, "How a run moves" step 4). Every runner on
 * this worker hands its settled step here and waits; rows that arrive while a flush is in flight
 * are written together by the next one, in one statement for all runs and tenants. A step goes on
 * only once its row is committed, so durability stays per step while commits drop by orders of
 * magnitude under load.
 */
export interface CheckpointRow {
  tenantId: string;
  runId: string;
  stepId: string;
  path: string;
  attempt: number;
}

/** Writes rows idempotently; answers, per written row, its `seq` — rows left out already existed. */
export type CheckpointSink<R extends CheckpointRow> = (
  rows: R[],
) => Promise<Array<{ runId: string; stepId: string; path: string; attempt: number; seq: number }>>;

/** `null`: a row with that key was already recorded (another runner holds the run). */
export type CheckpointResult = { seq: number } | null;

interface Pending<R> {
  row: R;
  resolve: (result: CheckpointResult) => void;
  reject: (error: unknown) => void;
}

const keyOf = (r: { runId: string; stepId: string; path: string; attempt: number }) =>
  `${r.runId}\u0000${r.path}\u0000${r.stepId}\u0000${r.attempt}`;

export class CheckpointWriter<R extends CheckpointRow> {
  private queue: Pending<R>[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly sink: CheckpointSink<R>,
    private readonly maxBatch = 500,
  ) {}

  write(row: R): Promise<CheckpointResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is written (shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) await new Promise((r) => setImmediate(r));
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // One macrotask: steps settling in the same tick (parallel branches, other runs) join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      const written = await this.sink(batch.map((p) => p.row));
      const seqs = new Map(written.map((w) => [keyOf(w), w.seq]));
      for (const p of batch) {
        const seq = seqs.get(keyOf(p.row));
        p.resolve(seq === undefined ? null : { seq });
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
