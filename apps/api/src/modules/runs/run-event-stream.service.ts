import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  isTerminalRunStatus,
  type Principal,
  type RunEvent,
  type RunStatus,
  type StepErrorRecord,
  type StepSettledEvent,
} from '@stepline/domain';
import { DATA_SOURCE, findRun, inTenant, listStepRunsAfterSeq } from '@stepline/server';
import type { DataSource } from 'typeorm';
import { AsyncQueue } from './async-queue.js';
import { afterSeqOf } from './last-event-id.js';
import { RunEventsService } from './run-events.service.js';
import { toStepSettledEvent } from './run-views.js';

/** One event of a stream; `id` (the step run's seq) is the SSE event id of settled steps. */
export interface RunStreamItem {
  id?: number;
  event: RunEvent;
}

/**
 * The event stream of one run, for SSE and the GraphQL subscription alike: every step run settled
 * after `Last-Event-ID` (replayed from Postgres), the run's current status, then live events from
 * Redis, ending after a terminal status. It subscribes BEFORE reading Postgres and buffers live
 * events until the replay is out, so nothing falls between the read and the subscription; a live
 * step event already replayed is dropped by its seq.
 */
@Injectable()
export class RunEventStreamService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly events: RunEventsService,
  ) {}

  async open(principal: Principal, runId: string, lastEventId?: string): Promise<AsyncQueue<RunStreamItem>> {
    const afterSeq = afterSeqOf(lastEventId);
    // The tenant check comes first: another tenant's run is a 404 and costs no subscription.
    await this.snapshot(principal, runId, Number.MAX_SAFE_INTEGER);

    const replayed = new Set<number>();
    let live = false;
    const early: RunEvent[] = [];
    const subscription: { stop?: () => Promise<void> } = {};
    const queue = new AsyncQueue<RunStreamItem>(() => subscription.stop?.());
    const deliver = (event: RunEvent) => {
      if (event.type === 'step.settled') {
        if (event.seq <= afterSeq || replayed.has(event.seq)) return;
        queue.push({ id: event.seq, event });
      } else queue.push({ event });
      if (event.type === 'run.status' && isTerminalRunStatus(event.status as RunStatus)) queue.end();
    };
    subscription.stop = await this.events.subscribe(runId, (event) =>
      live ? deliver(event) : early.push(event),
    );
    try {
      const { status, error, steps } = await this.snapshot(principal, runId, afterSeq);
      for (const step of steps) {
        replayed.add(step.seq);
        queue.push({ id: step.seq, event: step });
      }
      deliver({ type: 'run.status', runId, status, at: new Date().toISOString(), error });
      live = true;
      for (const event of early) deliver(event);
      return queue;
    } catch (error) {
      await queue.return();
      throw error;
    }
  }

  private snapshot(principal: Principal, runId: string, afterSeq: number) {
    return inTenant(this.db, principal.tenantId, async (m) => {
      const run = await findRun(m, principal.tenantId, runId);
      if (!run) throw AppError.notFound('Run');
      const steps: StepSettledEvent[] =
        afterSeq === Number.MAX_SAFE_INTEGER
          ? []
          : (await listStepRunsAfterSeq(m, runId, afterSeq)).map((s) => toStepSettledEvent(runId, s));
      return { status: run.status, error: run.error as StepErrorRecord | null, steps };
    });
  }
}
