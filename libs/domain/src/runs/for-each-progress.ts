import type { StepErrorRecord } from './step-failure.js';

/** What a forEach does when one item's body fails. */
export type ItemErrorPolicy = 'fail' | 'continue';

/** One iteration's end: the body's output, or the error of the body step that failed it. */
export type IterationResult = { ok: true; output: unknown } | { ok: false; error: StepErrorRecord };

/**
 * The iteration path of a step run inside loops (product.md §5): `loop[3]` for the body of step
 * `loop` at index 3, `outer[1].inner[0]` for a nested loop. '' is the top level.
 */
export const iterationPath = (parentPath: string, loopStepId: string, index: number): string =>
  `${parentPath ? `${parentPath}.` : ''}${loopStepId}[${index}]`;

/** The innermost loop level of an iteration path: `outer[1].inner[3]` → parent `outer[1]`, loop `inner`, index 3. */
export interface IterationLevel {
  /** The path of the loop step itself ('' at the top level). */
  parent: string;
  loop: string;
  index: number;
}

/** What `iterationPath` builds, read back: `<parent>.<loop id>[<index>]`, the parent optional. */
export const ITERATION_PATH_LEVEL = /^(?:(.*)\.)?([^.[\]]+)\[(\d+)\]$/;

/** The innermost loop level of an iteration path, or null for '' (and anything not a path). */
export const lastIterationLevel = (path: string): IterationLevel | null => {
  const match = ITERATION_PATH_LEVEL.exec(path);
  return match ? { parent: match[1] ?? '', loop: match[2] as string, index: Number(match[3]) } : null;
};

/** The index of the innermost iteration of a path (`loop[3]` → 3), or null for ''. */
export const iterationIndexOf = (path: string): number | null => lastIterationLevel(path)?.index ?? null;

/**
 * The pure decisions of one forEach step (architecture.md: executors do I/O, the domain decides):
 * which iterations start next (ascending, never more than `concurrency` in flight), when the loop
 * is over, and its output in input order. Iterations settled before (checkpointed by an earlier
 * job) are passed in and never start again. Mutable, one per forEach attempt.
 *
 * Policy `fail`: the first failure stops new starts; the loop ends once the in-flight ones settle,
 * failed with the lowest failed index. Policy `continue`: a failed slot holds `{ error }`.
 */
export class ForEachProgress {
  private readonly results = new Map<number, IterationResult>();
  private readonly running = new Set<number>();
  private cursor = 0;

  constructor(
    readonly count: number,
    readonly concurrency: number,
    readonly policy: ItemErrorPolicy,
    settled: ReadonlyMap<number, IterationResult> = new Map(),
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be ≥ 1');
    for (const [index, result] of settled) if (index >= 0 && index < count) this.results.set(index, result);
  }

  /** Whether a failure under policy `fail` stops the loop. */
  get stopping(): boolean {
    return this.policy === 'fail' && this.failure !== undefined;
  }

  /** The iterations to start now (marked running), ascending. */
  next(): number[] {
    const started: number[] = [];
    while (!this.stopping && this.running.size < this.concurrency && this.cursor < this.count) {
      const index = this.cursor++;
      if (this.results.has(index)) continue;
      this.running.add(index);
      started.push(index);
    }
    return started;
  }

  settle(index: number, result: IterationResult): void {
    if (!this.running.delete(index)) throw new RangeError(`iteration ${index} is not running`);
    this.results.set(index, result);
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Nothing running and nothing left to start. */
  get done(): boolean {
    if (this.running.size > 0) return false;
    return this.stopping || this.results.size === this.count;
  }

  /** The lowest-index failed iteration (policy `fail` fails the loop with it). */
  get failure(): { index: number; error: StepErrorRecord } | undefined {
    let found: { index: number; error: StepErrorRecord } | undefined;
    for (const [index, result] of this.results) {
      if (!result.ok && (!found || index < found.index)) found = { index, error: result.error };
    }
    return found;
  }

  /** The loop's output once done: one slot per item, in input order; `{ error }` for failed slots. */
  outputs(): unknown[] {
    const out = new Array<unknown>(this.count);
    for (let index = 0; index < this.count; index++) {
      const result = this.results.get(index);
      out[index] = !result ? null : result.ok ? result.output : { error: result.error };
    }
    return out;
  }
}
