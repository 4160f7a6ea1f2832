/**
 * Group commit (architecture.md, "How a run moves" step 4): callers on this worker hand over one
 * write each and wait; writes arriving while a flush is in flight are sent together by the next
 * one, as one statement for all runs and tenants. A caller goes on only once its write is
 * committed, so durability stays per write while statements and commits drop by orders of
 * magnitude under load. The runner uses three: run starts, step checkpoints, run finishes.
 */
export type GroupSink<In, Out> = (items: In[]) => Promise<Out[]>;

interface Pending<In, Out> {
  item: In;
  resolve: (result: Out) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private flushing = false;
  private scheduled = false;

  /** `sink` answers one result per item, in the order of the items. */
  constructor(
    private readonly sink: GroupSink<In, Out>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // One macrotask: writes settling in the same tick (parallel branches, other runs) join the batch.
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
      const results = await this.sink(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i] as Out));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.flushing = false;
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
