import type { EntityManager } from 'typeorm';
import { jsonParam, type Queryable } from './sql-params.js';
import {
  createWaitpoint,
  lockRun,
  resolveWaitpoint,
  type NewWaitpoint,
  type WaitpointRecord,
} from './waitpoints.repository.js';

/**
 * The event buffer (docs/adr/0008-event-buffer.md): the newest event published per (tenant, name,
 * key) is kept for a short window, so a `waitForEvent` that opens after its event came (a reply
 * faster than the run's step from its question to its wait) still gets it.
 *
 * **No event falls between the two.** A publish (`bufferEvent`, then the live match of waiting
 * waitpoints) and a wait opening (`openEventWaitpoint`: the waitpoint, then the buffer) take the
 * same transaction-scoped advisory lock before they write, so the later of the two sees what the
 * earlier committed: the event is either in the buffer when the wait looks, or the wait is
 * `waiting` when the publisher looks. Keys: an event with key K may resolve waits for K and waits
 * without a key; publishers of different keys share the key-less lock (shared mode) and do not
 * wait for each other. Lock order everywhere: event lock(s), then run rows.
 */

/** The buffer's key for "no key" (a real key is 1–255 characters). */
const NO_KEY = '';

const lockId = (tenantId: string, name: string, key: string) =>
  `event_wait:${tenantId}:${name.length}:${name}:${key}`;

async function lockEvent(
  m: EntityManager,
  tenantId: string,
  name: string,
  key: string,
  shared = false,
): Promise<void> {
  const fn = shared ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await m.query(`SELECT ${fn}(hashtextextended($1, 0))`, [lockId(tenantId, name, key)]);
}

export interface BufferedEvent {
  tenantId: string;
  eventId: string;
  name: string;
  key: string | null;
  payload: unknown;
}

/**
 * For `POST /v1/events`, in its tenant transaction, before it resumes the waiting runs: takes the
 * event's lock and keeps the event as the newest of its (name, key).
 */
export async function bufferEvent(m: EntityManager, event: BufferedEvent): Promise<void> {
  const key = event.key ?? NO_KEY;
  // Key-less waits take any key's events: a keyed publish holds their lock too (shared, first).
  if (key !== NO_KEY) await lockEvent(m, event.tenantId, event.name, NO_KEY, true);
  await lockEvent(m, event.tenantId, event.name, key);
  await m.query(
    `INSERT INTO event_buffer (tenant_id, name, key, event_id, payload, published_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, now())
     ON CONFLICT ON CONSTRAINT "PK_event_buffer"
       DO UPDATE SET event_id = EXCLUDED.event_id, payload = EXCLUDED.payload, published_at = EXCLUDED.published_at`,
    [event.tenantId, event.name, key, event.eventId, jsonParam(event.payload)],
  );
}

/**
 * Opens an event wait (the runner's `WaitStore.create` for kind `event`), in the tenant's
 * transaction: the event lock, the run row, the waitpoint (idempotent per step attempt) — and, when
 * it is still waiting, resolves it at once with the newest buffered event that
 * - matches it (its name; its key, or any key for a wait without one),
 * - was published within `windowMs`,
 * - was published after the run started, and after this run's last wait on the same name and key
 *   was resolved (never an older event: the one that started the run, an earlier turn's reply),
 * - has not resolved a wait of this run yet (one buffered event resumes at most one step per run).
 */
export async function openEventWaitpoint(
  m: EntityManager,
  waitpoint: NewWaitpoint,
  windowMs: number,
): Promise<WaitpointRecord> {
  const name = waitpoint.eventName ?? '';
  const key = waitpoint.correlationKey ?? null;
  await lockEvent(m, waitpoint.tenantId, name, key ?? NO_KEY);
  await lockRun(m, waitpoint.runId);
  const created = await createWaitpoint(m, waitpoint);
  if (created.status !== 'waiting' || windowMs <= 0) return created;
  const rows: Array<{ event_id: string; payload: unknown }> = await m.query(
    `SELECT b.event_id, b.payload FROM event_buffer b
      WHERE b.tenant_id = $1 AND b.name = $2 AND ($3::text IS NULL OR b.key = $3)
        AND b.published_at > now() - make_interval(secs => $5::float8 / 1000)
        AND b.published_at > (
          SELECT greatest(r.created_at, max(w.resolved_at)) FROM runs r
            LEFT JOIN waitpoints w ON w.run_id = r.id AND w.kind = 'event' AND w.status = 'resolved'
                  AND w.event_name = $2 AND w.correlation_key IS NOT DISTINCT FROM $3
           WHERE r.id = $4 GROUP BY r.created_at)
        AND NOT EXISTS (SELECT 1 FROM waitpoints w WHERE w.run_id = $4 AND w.resolved_by = 'event:' || b.event_id)
      ORDER BY b.published_at DESC LIMIT 1`,
    [waitpoint.tenantId, name, key, waitpoint.runId, windowMs],
  );
  const match = rows[0];
  if (!match) return created;
  const resolved = await resolveWaitpoint(m, created.id, {
    status: 'resolved',
    result: match.payload,
    resolvedBy: `event:${match.event_id}`,
  });
  return resolved ?? created;
}

/** The worker's pruner, across tenants: deletes up to `max` events older than `windowMs`. */
export async function pruneEventBuffer(db: Queryable, windowMs: number, max: number): Promise<number> {
  const rows: Array<{ n: number }> = await db.query(
    `SELECT prune_event_buffer(make_interval(secs => $1::float8 / 1000), $2) AS n`,
    [windowMs, max],
  );
  return Number(rows[0]?.n ?? 0);
}
