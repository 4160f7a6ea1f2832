import { isTerminalRunStatus, type RunEvent } from '@stepline/domain';
import type { RunRecord } from '@stepline/server';
import type { RunEventsService } from './run-events.service.js';

/** What a waiter learns about the run: its status, output and the response a `respond` step set. */
export type RunOutcome = Pick<RunRecord, 'status' | 'output' | 'response'>;

export interface RunWatchOptions {
  /** The waiter has what it needs (besides the run having ended). */
  done: (run: RunOutcome) => boolean;
  /** Which events may have changed that (default: every event but `step.started`). */
  settles?: (event: RunEvent) => boolean;
  /**
   * The outcome carried by an event, when it is complete (e.g. the terminal status of a run without
   * `respond` steps, with its output): then no read of Postgres follows that event.
   */
  fromEvent?: (event: RunEvent) => RunOutcome | undefined;
  /** Debug timing (`WEBHOOK_SERVER_TIMING`): closes a stage of the wait. */
  mark?: (stage: string) => void;
}

/**
 * Follows one run from before its job exists until the waiter has its answer: subscribes to the
 * run's events at once (`ready` resolves when the SUBSCRIBE is acknowledged — false when live
 * events are unavailable), re-reads the run (in order) after each event that may settle it, and
 * `until` waits for that or a deadline. The subscription can therefore be set up while the run is
 * still being accepted, and the job added only once `ready` resolved: no event can be missed and
 * no read is needed before waiting. The unsubscribe is not awaited: the answer does not wait for it.
 */
export class RunWatch {
  readonly ready: Promise<boolean>;
  private unsubscribe: (() => Promise<void>) | undefined;
  private closed = false;
  private latest: RunOutcome | undefined;
  /** The outcome came from an event: reads still in flight must not replace it. */
  private final = false;
  private wake: () => void = () => undefined;
  private readonly ended = new Promise<void>((resolve) => (this.wake = resolve));
  private checking: Promise<void> = Promise.resolve();

  constructor(
    events: RunEventsService,
    runId: string,
    private readonly read: () => Promise<RunOutcome>,
    private readonly options: RunWatchOptions,
  ) {
    this.ready = events
      .subscribe(runId, (e) => this.onEvent(e))
      .then(
        (unsubscribe) => {
          if (this.closed) void unsubscribe();
          else this.unsubscribe = unsubscribe;
          return true;
        },
        // Without live events (Redis away) the wait still ends at its deadline with a fresh read.
        () => false,
      );
  }

  /**
   * Waits (after `ready`, and after the run's job was added) until the run is settled for the waiter
   * or `seconds` passed; answers the latest outcome (read again at the deadline). `readFirst`: the
   * run may have moved before the subscription (it existed already, or another process enqueues it).
   */
  async until(seconds: number, readFirst = false): Promise<RunOutcome> {
    const deadline = Date.now() + seconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    try {
      if (readFirst || !(await this.ready)) {
        const current = await this.read();
        if (this.settled(current)) return current;
      }
      await Promise.race([
        this.ended,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
      ]);
      const latest = this.latest;
      return latest && this.settled(latest) ? latest : await this.read();
    } finally {
      clearTimeout(timer);
      this.close();
    }
  }

  /** Stops listening (idempotent; the UNSUBSCRIBE goes out in the background). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    void unsubscribe?.();
    this.options.mark?.('close');
  }

  private settled(run: RunOutcome): boolean {
    return this.options.done(run) || isTerminalRunStatus(run.status);
  }

  private onEvent(event: RunEvent): void {
    if (this.closed || this.final) return;
    const settles = this.options.settles ?? ((e: RunEvent) => e.type !== 'step.started');
    if (!settles(event)) return;
    this.options.mark?.('event');
    const outcome = this.options.fromEvent?.(event);
    if (outcome) {
      this.final = true;
      this.latest = outcome;
      this.wake();
      return;
    }
    // Re-read in order: a settled step may have recorded the response.
    this.checking = this.checking.then(async () => {
      const run = await this.read().catch(() => undefined);
      this.options.mark?.('read');
      if (!run || this.final) return;
      this.latest = run;
      if (this.settled(run)) this.wake();
    });
  }
}
