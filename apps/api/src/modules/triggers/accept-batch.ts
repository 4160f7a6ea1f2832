/**
 * Group commit for the webhook accept path, the API's copy of the worker's `GroupCommit`
 * (apps/worker/src/runs/group-commit.ts; the API cannot import the worker): callers hand over one
 * item each and wait; items arriving while flushes are in flight go together in the next one.
 * At light load a flush starts on the next macrotask, so a lone request waits for nobody; under
 * load a batch fills while the previous one commits. Up to `maxInFlight` flushes run at once, each
 * on its own pooled connection, so one batch is sent while the previous waits for its WAL fsync.
 */
export type BatchSink<In, Out> = (items: In[]) => Promise<Out[]>;

interface Pending<In, Out> {
  item: In;
  resolve: (result: Out) => void;
  reject: (error: unknown) => void;
}

export class AcceptBatch<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  /** `sink` answers one result per item, in the order of the items. */
  constructor(
    private readonly sink: BatchSink<In, Out>,
    options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    // One macrotask: requests parsed in the same tick join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.inFlight++;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) this.schedule();
    try {
      const results = await this.sink(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i] as Out));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
