import { AppError } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { EncryptedValue } from '../../crypto/secrets-cipher.js';
import type { KeysetKey, KeysetSlice } from './keyset.js';
import { jsonParam, type Queryable } from './sql-params.js';
import { insertAuditEntry } from './audit.repository.js';
import { failPendingDeliveries } from './webhook-endpoints.repository.js';

/**
 * The SQL of outgoing webhook deliveries: the delivery log and redeliver (API, tenant transaction)
 * and the worker's claim and bookkeeping. Deliveries are created by the database itself
 * (`enqueue_tenant_event`, the trigger on `runs`; see the webhook-endpoints migration).
 */

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRecord {
  id: string;
  endpointId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookDeliveryAttemptRecord {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export interface WebhookDeliveryDetail extends WebhookDeliveryRecord {
  payload: Record<string, unknown>;
  attemptLog: WebhookDeliveryAttemptRecord[];
}

const RECORD = `id, endpoint_id AS "endpointId", event_type AS "eventType", status, attempts,
  CASE WHEN status = 'pending' THEN next_attempt_at END AS "nextAttemptAt",
  last_status_code AS "lastStatusCode", last_error AS "lastError", delivered_at AS "deliveredAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const CURSOR_TEXT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The endpoint's deliveries, newest first (the endpoint must be the tenant's: 404 otherwise). A
 * busy endpoint has millions of rows, so the page is an index range scan: order and seek on the raw
 * `(created_at, id)` of `IDX_webhook_deliveries_endpoint_created`, the cursor carrying the time at
 * full (microsecond) precision as text (a JavaScript Date would cut it to milliseconds).
 */
export async function listWebhookDeliveries(
  m: EntityManager,
  tenantId: string,
  endpointId: string,
  query: { after?: KeysetKey | null; limit: number },
): Promise<KeysetSlice<WebhookDeliveryRecord>> {
  const rows: Array<WebhookDeliveryRecord & { cursorT: string }> = await m.query(
    `SELECT ${RECORD}, ${CURSOR_TEXT} AS "cursorT" FROM webhook_deliveries
      WHERE tenant_id = $1 AND endpoint_id = $2
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [tenantId, endpointId, query.after?.t ?? null, query.after?.id ?? null, query.limit + 1],
  );
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return {
    rows: data.map(({ cursorT: _, ...r }) => r),
    nextKey: rows.length > query.limit && last ? { t: last.cursorT, id: last.id } : null,
  };
}

/** One delivery with its payload and every attempt, oldest first. */
export async function findWebhookDelivery(
  m: EntityManager,
  tenantId: string,
  id: string,
): Promise<WebhookDeliveryDetail> {
  const rows: Array<WebhookDeliveryRecord & { payload: Record<string, unknown> }> = await m.query(
    `SELECT ${RECORD}, payload FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('WebhookDelivery');
  const attemptLog: WebhookDeliveryAttemptRecord[] = await m.query(
    `SELECT attempt, started_at AS "startedAt", duration_ms AS "durationMs", status_code AS "statusCode",
            error, response_excerpt AS "responseExcerpt"
       FROM webhook_delivery_attempts WHERE tenant_id = $1 AND delivery_id = $2 ORDER BY attempt`,
    [tenantId, id],
  );
  return { ...rows[0], attemptLog };
}

/** What a manual redelivery did: the delivery before and after, or why it did not. */
export type Redelivery =
  | { outcome: 'redelivered'; before: WebhookDeliveryRecord; after: WebhookDeliveryRecord }
  | { outcome: 'endpoint_disabled' }
  | { outcome: 'in_flight' };

/**
 * A new attempt now: the delivery becomes pending and due, whatever its status. The delivery is
 * read once, locked, with its endpoint's state: not while the endpoint is disabled, nor while an
 * attempt is in flight (its lease has not ended), so two attempts never overlap. Throws not found.
 */
export async function redeliverWebhookDelivery(
  m: EntityManager,
  tenantId: string,
  id: string,
): Promise<Redelivery> {
  const found: Array<WebhookDeliveryRecord & { inFlight: boolean; endpointEnabled: boolean }> = await m.query(
    `SELECT ${RECORD}, (status = 'pending' AND leased_until > now()) AS "inFlight",
            (SELECT e.enabled FROM webhook_endpoints e WHERE e.id = d.endpoint_id) AS "endpointEnabled"
       FROM webhook_deliveries d WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
    [tenantId, id],
  );
  if (!found[0]) throw AppError.notFound('WebhookDelivery');
  const { inFlight, endpointEnabled, ...before } = found[0];
  if (!endpointEnabled) return { outcome: 'endpoint_disabled' };
  if (inFlight) return { outcome: 'in_flight' };
  const rows: WebhookDeliveryRecord[] = await m.query(
    `WITH u AS (
       UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), leased_until = NULL,
              updated_at = now()
        WHERE tenant_id = $1 AND id = $2 RETURNING *)
     SELECT ${RECORD} FROM u`,
    [tenantId, id],
  );
  return { outcome: 'redelivered', before, after: rows[0] };
}

/** Calls `enqueue_tenant_event`: one pending delivery per subscribed endpoint; answers how many. */
export async function enqueueTenantEvent(
  db: Queryable,
  tenantId: string,
  type: string,
  data: Record<string, unknown>,
): Promise<number> {
  const rows: Array<{ n: number }> = await db.query(`SELECT enqueue_tenant_event($1, $2, $3::jsonb) AS n`, [
    tenantId,
    type,
    jsonParam(data),
  ]);
  return rows[0].n;
}

// ---- The delivery worker ----

/** A delivery the worker leased for one attempt, with what it needs to sign and send it. */
export interface ClaimedWebhookDelivery {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  /** This attempt's number (1 for the first). */
  attempt: number;
  eventType: string;
  payload: Record<string, unknown>;
  url: string;
  secret: EncryptedValue;
  /** The secret replaced by the last rotation while it still signs, else null. */
  previousSecret: EncryptedValue | null;
}

interface ClaimRow {
  delivery_id: string;
  tenant_id: string;
  endpoint_id: string;
  attempt: number;
  event_type: string;
  payload: Record<string, unknown>;
  url: string;
  secret_ciphertext: Buffer;
  secret_iv: Buffer;
  secret_auth_tag: Buffer;
  secret_key_id: string;
  previous_secret_ciphertext: Buffer | null;
  previous_secret_iv: Buffer | null;
  previous_secret_auth_tag: Buffer | null;
  previous_secret_key_id: string | null;
  previous_secret_expires_at: Date | null;
}

/**
 * Due deliveries of any tenant (at most `batch`), each leased for `leaseMs`: nobody else takes them
 * until the attempt is recorded or the lease ends. One statement (`claim_webhook_deliveries`).
 */
export async function claimWebhookDeliveries(
  db: Queryable,
  batch: number,
  leaseMs: number,
): Promise<ClaimedWebhookDelivery[]> {
  const rows: ClaimRow[] = await db.query(
    `SELECT * FROM claim_webhook_deliveries($1, make_interval(secs => $2::float8 / 1000))`,
    [batch, leaseMs],
  );
  const now = Date.now();
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    tenantId: r.tenant_id,
    endpointId: r.endpoint_id,
    attempt: r.attempt,
    eventType: r.event_type,
    payload: r.payload,
    url: r.url,
    secret: {
      ciphertext: r.secret_ciphertext,
      iv: r.secret_iv,
      authTag: r.secret_auth_tag,
      keyId: r.secret_key_id,
    },
    previousSecret:
      r.previous_secret_ciphertext &&
      r.previous_secret_iv &&
      r.previous_secret_auth_tag &&
      r.previous_secret_key_id &&
      r.previous_secret_expires_at &&
      r.previous_secret_expires_at.getTime() > now
        ? {
            ciphertext: r.previous_secret_ciphertext,
            iv: r.previous_secret_iv,
            authTag: r.previous_secret_auth_tag,
            keyId: r.previous_secret_key_id,
          }
        : null,
  }));
}

/**
 * Retention: deletes up to `batch` settled deliveries (with their attempts) older than their
 * tenant's `settings.retentionDays` (default 30) and answers how many; call until it answers less.
 */
export async function pruneWebhookDeliveries(db: Queryable, batch: number): Promise<number> {
  const rows: Array<{ pruned: number }> = await db.query(`SELECT prune_webhook_deliveries($1) AS pruned`, [
    batch,
  ]);
  return rows[0].pruned;
}

export interface WebhookAttemptResult {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  /** A failure code (`net.timeout`, `http.status` …); null on a 2xx. */
  error: string | null;
  responseExcerpt: string | null;
  /** What follows: delivered, another attempt at `retryAt`, or failed for good. */
  next: { kind: 'delivered' } | { kind: 'retry'; retryAt: Date } | { kind: 'failed' };
}

/**
 * Records an attempt and moves the delivery on, only while it is still the attempt the caller
 * leased (a redeliver or an expired lease that another worker took make it stale). Answers
 * whether it was recorded.
 */
export async function recordWebhookAttempt(
  m: EntityManager,
  tenantId: string,
  r: WebhookAttemptResult,
): Promise<boolean> {
  const moved: Array<{ id: string }> = await m.query(
    `UPDATE webhook_deliveries SET
       status = $4, next_attempt_at = $5, leased_until = NULL, last_status_code = $6, last_error = $7,
       delivered_at = CASE WHEN $4 = 'delivered' THEN now() ELSE delivered_at END, updated_at = now()
     WHERE tenant_id = $1 AND id = $2 AND attempts = $3 AND status = 'pending'
     RETURNING id`,
    [
      tenantId,
      r.deliveryId,
      r.attempt,
      r.next.kind === 'retry' ? 'pending' : r.next.kind,
      r.next.kind === 'retry' ? r.next.retryAt : null,
      r.statusCode,
      r.error,
    ],
  );
  if (moved.length === 0) return false;
  await m.query(
    `INSERT INTO webhook_delivery_attempts (tenant_id, delivery_id, attempt, started_at, duration_ms, status_code,
                                            error, response_excerpt)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT ON CONSTRAINT "UQ_webhook_delivery_attempts_attempt" DO NOTHING`,
    [tenantId, r.deliveryId, r.attempt, r.startedAt, r.durationMs, r.statusCode, r.error, r.responseExcerpt],
  );
  return true;
}

/**
 * A receiver answered 410 Gone: the endpoint is disabled (`disabled_reason` `gone`), its other
 * pending deliveries fail, and the audit log records the system as the actor — one transaction.
 * Answers false when it was disabled already.
 */
export async function disableGoneWebhookEndpoint(
  m: EntityManager,
  tenantId: string,
  endpointId: string,
  context: { deliveryId: string },
): Promise<boolean> {
  const rows: Array<{ id: string }> = await m.query(
    `UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'gone', updated_at = now()
      WHERE tenant_id = $1 AND id = $2 AND enabled RETURNING id`,
    [tenantId, endpointId],
  );
  if (rows.length === 0) return false;
  await failPendingDeliveries(m, tenantId, endpointId, 'endpoint.disabled');
  await insertAuditEntry(m, {
    tenantId,
    actor: { type: 'system', id: null, label: 'webhook delivery' },
    action: 'webhook_endpoint.updated',
    target: { type: 'webhook_endpoint', id: endpointId },
    before: { enabled: true },
    after: { enabled: false, disabledReason: 'gone', deliveryId: context.deliveryId },
  });
  return true;
}
