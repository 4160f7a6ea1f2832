/**
 * Group commit (architecture.md, "How a run moves" step 4): the worker's checkpoints and loads, and
 * the API's webhook accepts, go through it. Callers in this process hand over one
 * write each and wait; writes arriving while flushes are in flight are sent together by the next
 * one, as one statement for all runs and tenants. A caller goes on only once its write is
 * committed, so durability stays per write while statements and commits drop by orders of
 * magnitude under load.
 *
 * Up to `maxInFlight` flushes run at once (each on its own pooled connection): a batch is sent
 * while the previous one waits for its WAL fsync, and Postgres flushes the WAL of concurrent
 * commits together. With one flush at a time the worker and the database took turns waiting.
 */
export type GroupSink<In, Out> = (items: In[]) => Promise<Out[]>;

interface Pending<In, Out> {
  item: In;
  resolve: (result: Out) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most items in one flush (default 500). */
  maxBatch?: number;
  /** Most flushes in flight at once (default 1). */
  maxInFlight?: number;
  /** Told of every flush: its size and how long the sink took. */
  onFlush?: (size: number, ms: number) => void;
}

export class GroupCommit<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly onFlush?: (size: number, ms: number) => void;

  /** `sink` answers one result per item, in the order of the items. */
  constructor(
    private readonly sink: GroupSink<In, Out>,
    options: GroupCommitOptions | number = {},
  ) {
    const opts = typeof options === 'number' ? { maxBatch: options } : options;
    this.maxBatch = opts.maxBatch ?? 500;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 1);
    this.onFlush = opts.onFlush;
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
    // One macrotask: writes settling in the same tick (parallel branches, other runs) join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.inFlight++;
    const batch = this.queue.splice(0, this.maxBatch);
    // More waiting than one batch takes: another flush may start right away.
    if (this.queue.length > 0) this.schedule();
    const started = performance.now();
    try {
      const results = await this.sink(batch.map((p) => p.item));
      this.onFlush?.(batch.length, performance.now() - started);
      batch.forEach((p, i) => p.resolve(results[i] as Out));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}

/** Looks results up by a key of each item, for sinks whose statement answers in another order. */
export const alignByKey = <In, R>(
  items: readonly In[],
  results: readonly R[],
  keyOfItem: (i: In) => string,
  keyOfResult: (r: R) => string,
  missing: R | null = null,
): Array<R | null> => {
  const byKey = new Map(results.map((r) => [keyOfResult(r), r]));
  return items.map((item) => byKey.get(keyOfItem(item)) ?? missing);
};
