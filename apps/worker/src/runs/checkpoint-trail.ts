import type { RunCommit, RunStore, StepCheckpoint } from './run-store.types.js';

/** What a commit found: whether another runner had written one of its checkpoints, and the finish. */
export interface TrailCommit {
  superseded: boolean;
  finished: boolean;
}

interface Buffered {
  row: StepCheckpoint;
  /** Called once the row is committed, with its sequence number (live events, metrics). */
  committed: (seq: number) => void;
}

/**
 * One run's checkpoints between commits (ADR 0005 addendum, "Replay-safe steps"). Results of
 * replay-safe steps (transform, condition, switch, …: no effect outside the run) are buffered and
 * the run goes on at once; the buffer is committed — in one flush, with the run's finish when there
 * is one — before anything that must not run on uncommitted results: a step with effects, a wait,
 * the end of the job. A crash loses only uncommitted results of replay-safe steps, which the next
 * job computes again from the committed ones; a committed step never runs again, and nobody hears
 * of a result (events, `wait`, webhooks) before it is committed.
 *
 * Commits of one trail run one after another, so a run's rows never straddle two flushes in flight
 * and its finish is never committed before its checkpoints.
 */
export class CheckpointTrail {
  private buffer: Buffered[] = [];
  private firstAt = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private failure: unknown;
  /** A background commit is queued and has not taken the buffer yet: later adds wait for it. */
  private backgroundQueued = false;
  /** A commit found a checkpoint written already: another runner holds the run. */
  superseded = false;

  constructor(
    private readonly store: RunStore,
    /** A run loaded `queued`: its first commit moves it to `running` (or its finish records the start). */
    private start: RunCommit['start'] | null,
    /** A buffer older than this is committed in the background, so live views keep up with long chains. */
    private readonly maxAgeMs = 100,
    /** Told once the run moved to `running` (live views hear it: the start has no other event). */
    private readonly onStarted?: () => void,
  ) {
    // A run still uncommitted after maxAgeMs (a long step) shows as running all the same.
    if (start) {
      this.startTimer = setTimeout(() => {
        if (this.start) this.commit().catch(() => undefined);
      }, maxAgeMs);
      this.startTimer.unref();
    }
  }

  private startTimer?: NodeJS.Timeout;

  /** The job is over: no background start after it. */
  close(): void {
    clearTimeout(this.startTimer);
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Buffers a checkpoint; `committed` runs once it is committed. */
  add(row: StepCheckpoint, committed: (seq: number) => void): void {
    if (this.buffer.length === 0) this.firstAt = performance.now();
    this.buffer.push({ row, committed });
    if (!this.backgroundQueued && performance.now() - this.firstAt > this.maxAgeMs) {
      this.backgroundQueued = true;
      // Kept for the next commit to report: a background commit's failure is thrown there.
      this.commit().catch(() => undefined);
    }
  }

  /** Commits what is buffered (and the run's finish, if given), after any commit still in flight. */
  commit(finish?: RunCommit['finish']): Promise<TrailCommit> {
    const next = this.chain.then(() => this.flush(finish));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async flush(finish?: RunCommit['finish']): Promise<TrailCommit> {
    this.backgroundQueued = false;
    if (this.failure) throw this.failure;
    const taken = this.buffer;
    this.buffer = [];
    if (taken.length === 0 && !finish && !this.start) return { superseded: this.superseded, finished: false };
    const start = this.start;
    try {
      const { seqs, finished, started } = await this.store.commit({
        // With a finish, the start is only its `startedAt`: queued → finished in one step.
        ...(start && !finish ? { start } : {}),
        checkpoints: taken.map((b) => b.row),
        ...(finish ? { finish: start ? { ...finish, startedAt: start.startedAt } : finish } : {}),
      });
      this.start = null;
      clearTimeout(this.startTimer);
      // Not started: the run was cancelled or finished meanwhile, or another runner has it.
      if (start && !finish && !started) this.superseded = true;
      if (start && !finish && started) this.onStarted?.();
      taken.forEach((b, i) => {
        const seq = seqs[i];
        if (seq === null || seq === undefined) this.superseded = true;
        else b.committed(seq);
      });
      return { superseded: this.superseded, finished };
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }
}
