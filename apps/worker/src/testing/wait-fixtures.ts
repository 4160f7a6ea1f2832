import {
  createDataSource,
  ENTITIES,
  findWaitingForEvent,
  inTenant,
  listWaitpointsOfRun,
  resumeRun,
  type AppConfig,
  type RunQueueLike,
  type WaitpointRecord,
} from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import type { DataSource } from 'typeorm';
import type { RunHarness } from './run-fixtures.js';

/**
 * What the wait tests do from outside the worker: look at a run's waitpoints, wait until the run
 * parks on them, and resolve a wait as an arriving event does (through `resumeRun`, as the API).
 */

/** The application role's DataSource on the harness database, for tests whose workers are child processes. */
export async function openAppDataSource(config: AppConfig): Promise<DataSource> {
  return createDataSource({ url: config.databaseUrl, entities: ENTITIES, poolSize: 2 }).initialize();
}

export const waitpointsOf = (db: DataSource, tenantId: string, runId: string): Promise<WaitpointRecord[]> =>
  inTenant(db, tenantId, (m) => listWaitpointsOfRun(m, runId));

/**
 * Waits until the run is `waiting` and its open (status `waiting`) waitpoints satisfy `until`;
 * answers those, in the order the repository lists them.
 */
export async function waitUntilParked(
  h: RunHarness,
  db: DataSource,
  tenantId: string,
  runId: string,
  options: { until: (open: WaitpointRecord[]) => boolean; timeoutMs: number; what: string },
): Promise<WaitpointRecord[]> {
  let open: WaitpointRecord[] = [];
  await waitFor(
    async () => {
      const run = await h.run(tenantId, runId);
      open = (await waitpointsOf(db, tenantId, runId)).filter((w) => w.status === 'waiting');
      return run.status === 'waiting' && options.until(open);
    },
    { timeoutMs: options.timeoutMs, what: options.what },
  );
  return open;
}

/**
 * Resolves the tenant's oldest wait for `event` with `key` with `result`, as that event arriving
 * would; answers the outcome, or null when nothing waits for it.
 */
export async function resolveEventWait(
  db: DataSource,
  queue: RunQueueLike,
  tenantId: string,
  wait: { event: string; key: string; result: unknown; resolvedBy: string },
) {
  const [found] = await inTenant(db, tenantId, (m) => findWaitingForEvent(m, tenantId, wait.event, wait.key));
  if (!found) return null;
  return resumeRun(db, queue, {
    tenantId,
    waitpointId: found.id,
    result: wait.result,
    resolvedBy: wait.resolvedBy,
  });
}
