import { AppError } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { EncryptedValue } from '../../crypto/secrets-cipher.js';
import type { FlowVersionStatus } from '../entities/flow-version.entity.js';
import type { KeysetKey, KeysetSlice } from './keyset.js';
import type { Queryable } from './sql-params.js';

/**
 * The SQL of flow triggers and webhook dedup keys. Management runs in the tenant's transaction
 * (`inTenant`); the public webhook lookup runs in a `{ tokenHash }` scope whose policy opens only the
 * row with that hash. Records never carry the token (only its prefix) nor the decrypted secret.
 */

export type TriggerKind = 'webhook' | 'schedule' | 'event';

export interface TriggerRecord {
  id: string;
  tenantId: string;
  flowId: string;
  kind: TriggerKind;
  enabled: boolean;
  versionNumber: number | null;
  config: Record<string, unknown>;
  tokenPrefix: string | null;
  hasSecret: boolean;
  /** Schedule triggers: the slot it fires next (null when disabled) and when it last started a run. */
  nextFireAt: Date | null;
  lastFiredAt: Date | null;
  /** The flow's name (null on the webhook path, which does not read flows). */
  flowName: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A trigger with its encrypted secret, for the webhook endpoint only. */
export interface StoredTrigger extends TriggerRecord {
  secret: EncryptedValue | null;
}

const COLUMNS = `id, tenant_id AS "tenantId", flow_id AS "flowId", kind, enabled,
  version_number AS "versionNumber", config, token_prefix AS "tokenPrefix",
  (secret_ciphertext IS NOT NULL) AS "hasSecret", next_fire_at AS "nextFireAt",
  last_fired_at AS "lastFiredAt", created_by AS "createdBy",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const RECORD = `${COLUMNS}, (SELECT f.name FROM flows f WHERE f.id = flow_id) AS "flowName"`;
/**
 * A trigger row with its secret, as stored (`triggers`, or the batch lookup
 * `webhook_triggers_by_token_hashes`, which leaves out what a webhook does not have: its kind and
 * the schedule's slots).
 */
export interface StoredTriggerRow {
  id: string;
  tenant_id: string;
  flow_id: string;
  kind?: TriggerKind;
  enabled: boolean;
  version_number: number | null;
  config: Record<string, unknown>;
  token_prefix: string | null;
  secret_ciphertext: Buffer | null;
  secret_iv: Buffer | null;
  secret_auth_tag: Buffer | null;
  secret_key_id: string | null;
  next_fire_at?: Date | null;
  last_fired_at?: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The one mapping of a stored row to a `StoredTrigger` (the webhook path reads no flow name). */
export const toStoredTrigger = (r: StoredTriggerRow): StoredTrigger => ({
  id: r.id,
  tenantId: r.tenant_id,
  flowId: r.flow_id,
  kind: r.kind ?? 'webhook',
  enabled: r.enabled,
  versionNumber: r.version_number,
  config: r.config,
  tokenPrefix: r.token_prefix,
  hasSecret: r.secret_ciphertext !== null,
  nextFireAt: r.next_fire_at ?? null,
  lastFiredAt: r.last_fired_at ?? null,
  flowName: null,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  secret:
    r.secret_ciphertext && r.secret_iv && r.secret_auth_tag && r.secret_key_id
      ? {
          ciphertext: r.secret_ciphertext,
          iv: r.secret_iv,
          authTag: r.secret_auth_tag,
          keyId: r.secret_key_id,
        }
      : null,
});

export interface NewTrigger {
  /** Chosen by the caller: the encrypted secret is bound to it. */
  id: string;
  tenantId: string;
  flowId: string;
  kind: TriggerKind;
  enabled: boolean;
  versionNumber: number | null;
  config: Record<string, unknown>;
  tokenHash: string | null;
  tokenPrefix: string | null;
  /** undefined/null: no secret. */
  secret: EncryptedValue | null;
  /** Schedule triggers that are enabled: their first slot. */
  nextFireAt?: Date | null;
  createdBy: string | null;
}

/**
 * What a trigger starts, checked in one statement when it is created or re-pinned: the flow must be
 * the tenant's (`resource.not_found` otherwise); `versionStatus` is the status of version `version`
 * of it (null when it has no such version, or no version is asked for). Reads no definition.
 */
export async function findTriggerTarget(
  m: EntityManager,
  tenantId: string,
  flowId: string,
  version: number | null,
): Promise<{ versionStatus: FlowVersionStatus | null }> {
  const rows: Array<{ versionStatus: FlowVersionStatus | null }> = await m.query(
    `SELECT (SELECT v.status FROM flow_versions v WHERE v.flow_id = f.id AND v.number = $3) AS "versionStatus"
       FROM flows f WHERE f.tenant_id = $1 AND f.id = $2`,
    [tenantId, flowId, version],
  );
  if (!rows[0]) throw AppError.notFound('Flow');
  return rows[0];
}

export async function insertTrigger(m: EntityManager, t: NewTrigger): Promise<TriggerRecord> {
  const rows: TriggerRecord[] = await m.query(
    `INSERT INTO triggers (tenant_id, flow_id, kind, enabled, version_number, config, token_hash, token_prefix,
                           secret_ciphertext, secret_iv, secret_auth_tag, secret_key_id, created_by, id,
                           next_fire_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     RETURNING ${RECORD}`,
    [
      t.tenantId,
      t.flowId,
      t.kind,
      t.enabled,
      t.versionNumber,
      JSON.stringify(t.config),
      t.tokenHash,
      t.tokenPrefix,
      t.secret?.ciphertext ?? null,
      t.secret?.iv ?? null,
      t.secret?.authTag ?? null,
      t.secret?.keyId ?? null,
      t.createdBy,
      t.id,
      t.nextFireAt ?? null,
    ],
  );
  return rows[0];
}

/** Every trigger of a flow, oldest first (a flow has a handful). */
export async function listTriggers(
  m: EntityManager,
  tenantId: string,
  flowId: string,
): Promise<TriggerRecord[]> {
  return m.query(
    `SELECT ${RECORD} FROM triggers WHERE tenant_id = $1 AND flow_id = $2 ORDER BY created_at, id LIMIT 1000`,
    [tenantId, flowId],
  );
}

export interface TriggerListQuery {
  flowId?: string;
  kind?: TriggerKind;
  limit: number;
  /** Continue after this (created_at, id), oldest first. */
  after?: KeysetKey;
}

/** The tenant's triggers (optionally of one flow and/or kind), oldest first, a keyset page. */
export async function listTenantTriggers(
  m: EntityManager,
  tenantId: string,
  query: TriggerListQuery,
): Promise<KeysetSlice<TriggerRecord>> {
  const rows: Array<TriggerRecord & { cursorTime: string }> = await m.query(
    `SELECT ${RECORD},
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorTime"
       FROM triggers
      WHERE tenant_id = $1
        AND ($2::uuid IS NULL OR flow_id = $2)
        AND ($3::text IS NULL OR kind = $3)
        AND ($4::timestamptz IS NULL OR (created_at, id) > ($4::timestamptz, $5::uuid))
      ORDER BY created_at, id LIMIT $6`,
    [
      tenantId,
      query.flowId ?? null,
      query.kind ?? null,
      query.after?.t ?? null,
      query.after?.id ?? null,
      query.limit + 1,
    ],
  );
  const data = rows.slice(0, query.limit).map(({ cursorTime, ...record }) => ({ record, cursorTime }));
  const last = data[data.length - 1];
  return {
    rows: data.map((d) => d.record),
    nextKey: rows.length > query.limit && last ? { t: last.cursorTime, id: last.record.id } : null,
  };
}

/** Throws `resource.not_found` for an unknown id or another tenant's trigger. */
export async function findTrigger(
  m: EntityManager,
  tenantId: string,
  id: string,
  lock = false,
): Promise<TriggerRecord> {
  const rows: TriggerRecord[] = await m.query(
    `SELECT ${RECORD} FROM triggers WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('Trigger');
  return rows[0];
}

/**
 * The webhook trigger whose token hashes to `tokenHash`, in a `{ tokenHash }` scope: one lookup on
 * the unique index, whichever tenant owns it. Null when there is none.
 */
export async function findTriggerByTokenHash(
  m: EntityManager,
  tokenHash: string,
): Promise<StoredTrigger | null> {
  const rows: StoredTriggerRow[] = await m.query(
    `SELECT * FROM triggers WHERE token_hash = $1 AND kind = 'webhook'`,
    [tokenHash],
  );
  return rows[0] ? toStoredTrigger(rows[0]) : null;
}

export interface TriggerChanges {
  enabled?: boolean;
  versionNumber?: number | null;
  config?: Record<string, unknown>;
  /** null clears it; undefined keeps it. */
  secret?: EncryptedValue | null;
  tokenHash?: string;
  tokenPrefix?: string;
  /** null: fires no more (disabled); undefined keeps it. */
  nextFireAt?: Date | null;
}

export async function updateTrigger(
  m: EntityManager,
  tenantId: string,
  id: string,
  c: TriggerChanges,
): Promise<TriggerRecord> {
  const sets: string[] = [];
  const params: unknown[] = [tenantId, id];
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (c.enabled !== undefined) set('enabled', c.enabled);
  if (c.versionNumber !== undefined) set('version_number', c.versionNumber);
  if (c.config !== undefined) set('config', JSON.stringify(c.config), '::jsonb');
  if (c.secret !== undefined) {
    set('secret_ciphertext', c.secret?.ciphertext ?? null);
    set('secret_iv', c.secret?.iv ?? null);
    set('secret_auth_tag', c.secret?.authTag ?? null);
    set('secret_key_id', c.secret?.keyId ?? null);
  }
  if (c.tokenHash !== undefined) set('token_hash', c.tokenHash);
  if (c.tokenPrefix !== undefined) set('token_prefix', c.tokenPrefix);
  if (c.nextFireAt !== undefined) set('next_fire_at', c.nextFireAt);
  // In a CTE: a bare UPDATE … RETURNING answers [rows, count] through TypeORM.
  const rows: TriggerRecord[] = await m.query(
    `WITH u AS (UPDATE triggers SET ${[...sets, 'updated_at = now()'].join(', ')}
                 WHERE tenant_id = $1 AND id = $2 RETURNING *)
     SELECT ${RECORD} FROM u`,
    params,
  );
  if (!rows[0]) throw AppError.notFound('Trigger');
  return rows[0];
}

export async function deleteTrigger(m: EntityManager, tenantId: string, id: string): Promise<TriggerRecord> {
  const rows: TriggerRecord[] = await m.query(
    `WITH d AS (DELETE FROM triggers WHERE tenant_id = $1 AND id = $2 RETURNING *)
     SELECT ${RECORD} FROM d`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('Trigger');
  return rows[0];
}

// ---------------------------------------------------------------------------------------------
// Webhook dedup (24 h)

/** How long a `webhook-id` / `Idempotency-Key` is remembered. */
export const WEBHOOK_DEDUP_TTL_SQL = `interval '24 hours'`;

export interface DedupEntry {
  runId: string;
  /** The answer given: status, body and the headers a `respond` step set. */
  response: { status: number; body: unknown; headers?: Record<string, string> };
}

/** The fresh (under 24 h) entry for this key, if any. */
export async function findWebhookDedup(
  m: EntityManager,
  triggerId: string,
  key: string,
): Promise<DedupEntry | null> {
  const rows: DedupEntry[] = await m.query(
    `SELECT run_id AS "runId", response FROM webhook_deliveries_dedup
      WHERE trigger_id = $1 AND dedup_key = $2 AND created_at > now() - ${WEBHOOK_DEDUP_TTL_SQL}`,
    [triggerId, key],
  );
  return rows[0] ?? null;
}

/**
 * Remembers a key; an expired entry under the same key is replaced. False when a fresh entry
 * exists already (a concurrent delivery committed first): the caller rolls back and replays it.
 */
export async function insertWebhookDedup(
  m: EntityManager,
  entry: { tenantId: string; triggerId: string; key: string } & DedupEntry,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO webhook_deliveries_dedup (tenant_id, trigger_id, dedup_key, run_id, response)
     VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT ON CONSTRAINT "UQ_webhook_dedup_trigger_key" DO UPDATE
       SET run_id = EXCLUDED.run_id, response = EXCLUDED.response, created_at = now()
       WHERE webhook_deliveries_dedup.created_at <= now() - ${WEBHOOK_DEDUP_TTL_SQL}
     RETURNING id`,
    [entry.tenantId, entry.triggerId, entry.key, entry.runId, JSON.stringify(entry.response)],
  );
  return rows.length > 0;
}

/** The answer a sync delivery finally gave, so a duplicate answers the same. */
export async function updateWebhookDedupResponse(
  m: EntityManager,
  triggerId: string,
  key: string,
  response: DedupEntry['response'],
): Promise<void> {
  await m.query(
    `UPDATE webhook_deliveries_dedup SET response = $3::jsonb WHERE trigger_id = $1 AND dedup_key = $2`,
    [triggerId, key, JSON.stringify(response)],
  );
}

/** Lazy retention: drops this trigger's entries older than 24 h (walks the (trigger, created) index). */
export async function pruneWebhookDedup(m: EntityManager, triggerId: string): Promise<void> {
  await m.query(
    `DELETE FROM webhook_deliveries_dedup WHERE trigger_id = $1 AND created_at <= now() - ${WEBHOOK_DEDUP_TTL_SQL}`,
    [triggerId],
  );
}

// ---------------------------------------------------------------------------------------------
// The worker's scheduler

export interface DueSchedule {
  tenantId: string;
  triggerId: string;
  nextFireAt: Date;
}

/**
 * Enabled schedule triggers of any tenant whose slot has come (`next_fire_at <= now()`), earliest
 * first, at most `max`: ids and slots only, through the SECURITY DEFINER `due_schedule_triggers`
 * (no tenant transaction; pass the DataSource). Each is then claimed in its tenant.
 */
export async function dueScheduleTriggers(db: Queryable, max: number): Promise<DueSchedule[]> {
  const rows: Array<{ tenant_id: string; trigger_id: string; next_fire_at: Date }> = await db.query(
    `SELECT tenant_id, trigger_id, next_fire_at FROM due_schedule_triggers($1)`,
    [max],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, triggerId: r.trigger_id, nextFireAt: r.next_fire_at }));
}

/**
 * Locks the schedule trigger if it is still enabled and still due at exactly `slot`; null when
 * another worker holds it (SKIP LOCKED) or has moved it on already (the compare half of the CAS).
 */
export async function claimScheduleSlot(
  m: EntityManager,
  tenantId: string,
  triggerId: string,
  slot: Date,
): Promise<TriggerRecord | null> {
  const rows: TriggerRecord[] = await m.query(
    `SELECT ${COLUMNS}, NULL::text AS "flowName" FROM triggers
      WHERE tenant_id = $1 AND id = $2 AND kind = 'schedule' AND enabled AND next_fire_at = $3
      FOR UPDATE SKIP LOCKED`,
    [tenantId, triggerId, slot],
  );
  return rows[0] ?? null;
}

/**
 * Moves a claimed slot on to `next` (null: the schedule has no more slots), only if it still is
 * `slot` (the set half of the CAS); `fired` records the run's start in `last_fired_at`. Answers
 * whether it moved.
 */
export async function advanceScheduleSlot(
  m: EntityManager,
  tenantId: string,
  triggerId: string,
  slot: Date,
  next: Date | null,
  fired: boolean,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `WITH u AS (UPDATE triggers
                   SET next_fire_at = $4, last_fired_at = CASE WHEN $5 THEN now() ELSE last_fired_at END
                 WHERE tenant_id = $1 AND id = $2 AND next_fire_at = $3 RETURNING id)
     SELECT id FROM u`,
    [tenantId, triggerId, slot, next, fired],
  );
  return rows.length === 1;
}
