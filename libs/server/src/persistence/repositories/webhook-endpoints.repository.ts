import { AppError } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { EncryptedValue } from '../../crypto/secrets-cipher.js';
import { newestFirstPage, type KeysetKey, type KeysetSlice } from './keyset.js';

/**
 * The SQL of outgoing webhook endpoints (product.md §6) for the API. Every function runs inside the
 * caller's tenant transaction (`inTenant`) and names the tenant too. Records never carry the
 * signing secrets' ciphertext; only the delivery worker reads those (`claimWebhookDeliveries`).
 */

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  /** `gone` when a receiver's 410 disabled it; null otherwise. */
  disabledReason: string | null;
  secretKeyId: string;
  /** Until when the secret replaced by the last rotation still signs deliveries. */
  previousSecretExpiresAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const RECORD = `id, url, description, event_types AS "eventTypes", enabled, disabled_reason AS "disabledReason",
  secret_key_id AS "secretKeyId",
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END AS "previousSecretExpiresAt",
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface NewWebhookEndpoint {
  /** Chosen by the caller: the secret's ciphertext is bound to it before the row exists. */
  id: string;
  tenantId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  secret: EncryptedValue;
  createdBy: string | null;
}

export async function insertWebhookEndpoint(
  m: EntityManager,
  e: NewWebhookEndpoint,
): Promise<WebhookEndpointRecord> {
  const rows: WebhookEndpointRecord[] = await m.query(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types, enabled,
                                    secret_ciphertext, secret_iv, secret_auth_tag, secret_key_id, created_by)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10, $11)
     RETURNING ${RECORD}`,
    [
      e.id,
      e.tenantId,
      e.url,
      e.description,
      e.eventTypes,
      e.enabled,
      e.secret.ciphertext,
      e.secret.iv,
      e.secret.authTag,
      e.secret.keyId,
      e.createdBy,
    ],
  );
  return rows[0];
}

/** Newest first; `nextKey` is the sort key of the last row when more follow. */
export async function listWebhookEndpoints(
  m: EntityManager,
  tenantId: string,
  query: { after?: KeysetKey | null; limit: number },
): Promise<KeysetSlice<WebhookEndpointRecord>> {
  return newestFirstPage<WebhookEndpointRecord>(m, 'webhook_endpoints', RECORD, tenantId, query);
}

export async function findWebhookEndpoint(
  m: EntityManager,
  tenantId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<WebhookEndpointRecord> {
  const rows: WebhookEndpointRecord[] = await m.query(
    `SELECT ${RECORD} FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 ${options.lock ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('WebhookEndpoint');
  return rows[0];
}

export interface WebhookEndpointChange {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

/**
 * Sets what is given and bumps `updated_at`. Enabling clears the reason the system disabled it;
 * disabling fails the endpoint's pending deliveries (`last_error` `endpoint.disabled`), so none is
 * sent later with stale content and the poller's due index does not fill with rows it skips.
 */
export async function updateWebhookEndpoint(
  m: EntityManager,
  tenantId: string,
  id: string,
  change: WebhookEndpointChange,
): Promise<WebhookEndpointRecord> {
  const rows: WebhookEndpointRecord[] = await m.query(
    `WITH u AS (
       UPDATE webhook_endpoints SET
         url = COALESCE($3, url),
         description = CASE WHEN $4::boolean THEN $5::text ELSE description END,
         event_types = COALESCE($6::text[], event_types),
         enabled = COALESCE($7::boolean, enabled),
         disabled_reason = CASE WHEN $7::boolean IS NULL THEN disabled_reason ELSE NULL END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *)
     SELECT ${RECORD} FROM u`,
    [
      tenantId,
      id,
      change.url ?? null,
      change.description !== undefined,
      change.description ?? null,
      change.eventTypes ?? null,
      change.enabled ?? null,
    ],
  );
  if (!rows[0]) throw AppError.notFound('WebhookEndpoint');
  if (change.enabled === false) await failPendingDeliveries(m, tenantId, id, 'endpoint.disabled');
  return rows[0];
}

/** The new secret signs from now on; the current one keeps signing until `now + overlapMs`. */
export async function rotateWebhookEndpointSecret(
  m: EntityManager,
  tenantId: string,
  id: string,
  secret: EncryptedValue,
  overlapMs: number,
): Promise<WebhookEndpointRecord> {
  const rows: WebhookEndpointRecord[] = await m.query(
    `WITH u AS (
       UPDATE webhook_endpoints SET
         previous_secret_ciphertext = secret_ciphertext, previous_secret_iv = secret_iv,
         previous_secret_auth_tag = secret_auth_tag, previous_secret_key_id = secret_key_id,
         previous_secret_expires_at = now() + make_interval(secs => $7::float8 / 1000),
         secret_ciphertext = $3, secret_iv = $4, secret_auth_tag = $5, secret_key_id = $6,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *)
     SELECT ${RECORD} FROM u`,
    [tenantId, id, secret.ciphertext, secret.iv, secret.authTag, secret.keyId, overlapMs],
  );
  if (!rows[0]) throw AppError.notFound('WebhookEndpoint');
  return rows[0];
}

/** The deleted endpoint (its deliveries go by cascade), or 404. */
export async function deleteWebhookEndpoint(
  m: EntityManager,
  tenantId: string,
  id: string,
): Promise<WebhookEndpointRecord> {
  const rows: WebhookEndpointRecord[] = await m.query(
    `WITH d AS (DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 RETURNING *)
     SELECT ${RECORD} FROM d`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('WebhookEndpoint');
  return rows[0];
}

/** Pending deliveries of the endpoint become failed with `reason`; answers how many. */
export async function failPendingDeliveries(
  m: EntityManager,
  tenantId: string,
  endpointId: string,
  reason: string,
): Promise<number> {
  const rows: Array<{ n: number }> = await m.query(
    `WITH f AS (
       UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $3, updated_at = now()
        WHERE tenant_id = $1 AND endpoint_id = $2 AND status = 'pending' RETURNING 1)
     SELECT count(*)::int AS n FROM f`,
    [tenantId, endpointId, reason],
  );
  return rows[0].n;
}

/**
 * What an endpoint's signing secrets are bound to (AAD of the secrets cipher): a ciphertext copied
 * to another endpoint or tenant does not decrypt there. Same for the current and previous secret.
 */
export const webhookEndpointSecretBinding = (tenantId: string, endpointId: string) => ({
  tenantId,
  name: `webhook-endpoint:${endpointId}`,
});

// Re-encryption of the signing secrets (current and previous): sealed-columns.repository.ts.
