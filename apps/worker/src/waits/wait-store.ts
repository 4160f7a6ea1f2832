import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  cancelWaitpointsOfRun,
  createWaitpoint,
  DATA_SOURCE,
  endedChildResult,
  findRun,
  lockRun,
  openEventWaitpoint,
  resolveWaitpoint,
  inTenant,
  listWaitpointsOfRun,
  parkRun,
  timeOutDueWaitpoints,
  wakeDueWaitpoints,
  wakeWaitingRun,
  type AppConfig,
  type NewWaitpoint,
  type WaitpointRecord,
} from '@stepline/server';
import type { DataSource } from 'typeorm';

export const WAIT_STORE = Symbol('WAIT_STORE');

/** The runner's persistence of waits; the SQL is in waitpoints.repository.ts (libs/server). */
export interface WaitStore {
  /** Idempotent per (run, path, step, attempt): a re-executed step gets the first row back. */
  create(waitpoint: NewWaitpoint): Promise<WaitpointRecord>;
  /** Times out the run's due waitpoints (compare-and-set), then answers all of them. */
  refresh(tenantId: string, runId: string): Promise<WaitpointRecord[]>;
  /** `running → waiting` unless one of `waitingOn` was resolved meanwhile ('resumed'). */
  park(
    tenantId: string,
    runId: string,
    waitingOn: readonly string[],
    deadlineAt: Date | null,
  ): Promise<'parked' | 'resumed' | 'gone'>;
  /** The run's delayed job fired while it waits: see `wakeWaitingRun`. */
  wake(
    tenantId: string,
    runId: string,
  ): Promise<{ woke: true } | { woke: false; nextAt: Date | null } | null>;
  /** The run ended with waits still open (another branch failed): they are cancelled. */
  cancelAll(tenantId: string, runId: string): Promise<void>;
  /** Cancels these waitpoints of the run only (a forEach that failed while other iterations waited). */
  cancel?(tenantId: string, waitpointIds: readonly string[]): Promise<void>;
  statusOf(tenantId: string, runId: string): Promise<string | null>;
  /** The sweeper: due waits of any tenant whose delayed job was lost. */
  wakeDue(graceMs: number, max: number): Promise<Array<{ tenantId: string; runId: string }>>;
}

@Injectable()
export class PostgresWaitStore implements WaitStore {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  create(waitpoint: NewWaitpoint): Promise<WaitpointRecord> {
    return inTenant(this.db, waitpoint.tenantId, async (m) => {
      // An event that came before the wait opened (a fast reply) is matched from the event buffer.
      if (waitpoint.kind === 'event')
        return openEventWaitpoint(m, waitpoint, this.config.eventBuffer.windowMs);
      const childRunId = waitpoint.kind === 'subflow' ? waitpoint.details?.['childRunId'] : undefined;
      if (typeof childRunId !== 'string') return createWaitpoint(m, waitpoint);
      // A child that ended before its parent's wait existed resolved nothing: look at it here,
      // under the parent's row lock that the child's resolution takes too (subflow-runs.ts).
      await lockRun(m, waitpoint.runId);
      const created = await createWaitpoint(m, waitpoint);
      const ended = created.status === 'waiting' ? await endedChildResult(m, childRunId) : null;
      if (!ended) return created;
      const resolved = await resolveWaitpoint(m, created.id, {
        status: 'resolved',
        result: ended,
        resolvedBy: `run:${childRunId}`,
      });
      return resolved ?? created;
    });
  }

  refresh(tenantId: string, runId: string): Promise<WaitpointRecord[]> {
    return inTenant(this.db, tenantId, async (m) => {
      await timeOutDueWaitpoints(m, runId);
      return listWaitpointsOfRun(m, runId);
    });
  }

  park(tenantId: string, runId: string, waitingOn: readonly string[], deadlineAt: Date | null) {
    return inTenant(this.db, tenantId, (m) => parkRun(m, runId, waitingOn, deadlineAt));
  }

  wake(tenantId: string, runId: string) {
    return inTenant(this.db, tenantId, (m) => wakeWaitingRun(m, runId));
  }

  async cancelAll(tenantId: string, runId: string): Promise<void> {
    await inTenant(this.db, tenantId, (m) => cancelWaitpointsOfRun(m, runId));
  }

  async cancel(tenantId: string, waitpointIds: readonly string[]): Promise<void> {
    await inTenant(this.db, tenantId, async (m) => {
      for (const id of waitpointIds)
        await resolveWaitpoint(m, id, { status: 'cancelled', resolvedBy: 'cancel' });
    });
  }

  async statusOf(tenantId: string, runId: string): Promise<string | null> {
    const run = await inTenant(this.db, tenantId, (m) => findRun(m, tenantId, runId));
    return run?.status ?? null;
  }

  wakeDue(graceMs: number, max: number) {
    return wakeDueWaitpoints(this.db, { graceMs, max });
  }
}
