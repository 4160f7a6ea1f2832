import type { EntityManager } from 'typeorm';

/**
 * The SQL of published events (`POST /v1/events`) and of the event triggers they fire, in the
 * tenant's transaction (`inTenant`). An event row is claimed first (unique per tenant and event
 * id), so a repeated or concurrent publish of the same id waits for the first one's commit and
 * then reads its result instead of doing the work again.
 */

/** What an event did: the runs it resumed and the runs it started. */
export interface EventResult {
  resumed: string[];
  started: string[];
}

export interface EventRecord {
  eventId: string;
  name: string;
  key: string | null;
  requestHash: string;
  result: EventResult;
  receivedAt: Date;
}

export interface NewEvent {
  tenantId: string;
  eventId: string;
  name: string;
  key: string | null;
  requestHash: string;
  payloadBytes: number;
  publishedBy: string | null;
  publishedByApiKey: string | null;
}

const RECORD = `event_id AS "eventId", name, key, request_hash AS "requestHash", result,
  received_at AS "receivedAt"`;

export async function findEvent(
  m: EntityManager,
  tenantId: string,
  eventId: string,
): Promise<EventRecord | null> {
  const rows: EventRecord[] = await m.query(
    `SELECT ${RECORD} FROM events WHERE tenant_id = $1 AND event_id = $2`,
    [tenantId, eventId],
  );
  return rows[0] ?? null;
}

/**
 * Claims the event id with an empty result. Null when the id is taken: a concurrent insert of the
 * same id makes this one wait for its commit (unique index), so the caller can then read its row.
 */
export async function claimEvent(m: EntityManager, e: NewEvent): Promise<EventRecord | null> {
  const rows: EventRecord[] = await m.query(
    `INSERT INTO events (tenant_id, event_id, name, key, request_hash, payload_bytes, result,
                         published_by, published_by_api_key)
     VALUES ($1, $2, $3, $4, $5, $6, '{"resumed":[],"started":[]}'::jsonb, $7, $8)
     ON CONFLICT ON CONSTRAINT "UQ_events_tenant_event_id" DO NOTHING
     RETURNING ${RECORD}`,
    [e.tenantId, e.eventId, e.name, e.key, e.requestHash, e.payloadBytes, e.publishedBy, e.publishedByApiKey],
  );
  return rows[0] ?? null;
}

export async function recordEventResult(
  m: EntityManager,
  tenantId: string,
  eventId: string,
  result: EventResult,
): Promise<void> {
  await m.query(`UPDATE events SET result = $3::jsonb WHERE tenant_id = $1 AND event_id = $2`, [
    tenantId,
    eventId,
    JSON.stringify(result),
  ]);
}

/** An enabled event trigger, with what firing it needs. */
export interface EventTriggerRecord {
  id: string;
  flowId: string;
  /** Pinned version; null = whichever version is published. */
  versionNumber: number | null;
  /** A JSONata expression over `{ payload, key, name }`; null = every event of the name. */
  filter: string | null;
}

/** At most this many triggers fire per event; more is a configuration mistake, not a use case. */
export const MAX_TRIGGERS_PER_EVENT = 1000;

/**
 * The tenant's enabled event triggers subscribed to `name`, on flows that are not archived, oldest
 * first (walks IDX_triggers_event).
 */
export async function listEventTriggers(
  m: EntityManager,
  tenantId: string,
  name: string,
): Promise<EventTriggerRecord[]> {
  return m.query(
    `SELECT t.id, t.flow_id AS "flowId", t.version_number AS "versionNumber",
            NULLIF(t.config->>'filter', '') AS filter
       FROM triggers t JOIN flows f ON f.id = t.flow_id AND f.tenant_id = t.tenant_id
      WHERE t.tenant_id = $1 AND t.kind = 'event' AND (t.config->>'event') = $2
        AND t.enabled AND f.archived_at IS NULL
      ORDER BY t.created_at, t.id
      LIMIT ${MAX_TRIGGERS_PER_EVENT}`,
    [tenantId, name],
  );
}
