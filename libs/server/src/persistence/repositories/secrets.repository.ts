import { AppError } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import type { EncryptedValue } from '../../crypto/secrets-cipher.js';
import { newestFirstPage, type KeysetKey, type KeysetSlice } from './keyset.js';

/**
 * The SQL of tenant secrets, shared by the API (CRUD), the worker (decrypting a tenant's secrets
 * for its runs) and the re-encryption command. Every function runs inside the caller's tenant
 * transaction (`inTenant`) and names the tenant too. Records never carry ciphertext except the
 * `StoredSecret`s the decrypting callers ask for explicitly.
 */

/** A secret as the API may show it: everything except its value. */
export interface SecretRecord {
  id: string;
  name: string;
  description: string | null;
  keyId: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
}

/** A secret with its encrypted value, for the worker and re-encryption only. */
export interface StoredSecret extends EncryptedValue {
  id: string;
  name: string;
}

const RECORD = `id, name, description, key_id AS "keyId", created_by AS "createdBy",
  created_at AS "createdAt", updated_at AS "updatedAt", last_used_at AS "lastUsedAt"`;
const STORED = `id, name, ciphertext, iv, auth_tag AS "authTag", key_id AS "keyId"`;

export interface NewSecret {
  tenantId: string;
  name: string;
  description: string | null;
  value: EncryptedValue;
  createdBy: string | null;
}

/** Null when the tenant already has a secret of that name (nothing is written then). */
export async function insertSecret(m: EntityManager, secret: NewSecret): Promise<SecretRecord | null> {
  const rows: SecretRecord[] = await m.query(
    `INSERT INTO secrets (tenant_id, name, description, ciphertext, iv, auth_tag, key_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT ON CONSTRAINT "UQ_secrets_tenant_name" DO NOTHING
     RETURNING ${RECORD}`,
    [
      secret.tenantId,
      secret.name,
      secret.description,
      secret.value.ciphertext,
      secret.value.iv,
      secret.value.authTag,
      secret.value.keyId,
      secret.createdBy,
    ],
  );
  return rows[0] ?? null;
}

/** Newest first; `nextKey` is the sort key of the last row when more follow. */
export async function listSecrets(
  m: EntityManager,
  tenantId: string,
  query: { after?: KeysetKey | null; limit: number },
): Promise<KeysetSlice<SecretRecord>> {
  return newestFirstPage<SecretRecord>(m, 'secrets', RECORD, tenantId, query);
}

export async function findSecret(m: EntityManager, tenantId: string, id: string): Promise<SecretRecord> {
  const rows: SecretRecord[] = await m.query(
    `SELECT ${RECORD} FROM secrets WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('Secret');
  return rows[0];
}

/** Like findSecret, holding the row for the rest of the transaction (changes happen one at a time). */
export async function lockSecret(m: EntityManager, tenantId: string, id: string): Promise<SecretRecord> {
  const rows: SecretRecord[] = await m.query(
    `SELECT ${RECORD} FROM secrets WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('Secret');
  return rows[0];
}

/** Sets what is given (a new value and/or description) and bumps `updated_at`. */
export async function updateSecret(
  m: EntityManager,
  tenantId: string,
  id: string,
  change: { value?: EncryptedValue; description?: string | null },
): Promise<SecretRecord> {
  const v = change.value;
  // Wrapped in a SELECT so the driver answers rows (for a bare UPDATE it answers [rows, count]).
  const rows: SecretRecord[] = await m.query(
    `WITH u AS (
       UPDATE secrets SET
         ciphertext = COALESCE($3, ciphertext), iv = COALESCE($4, iv), auth_tag = COALESCE($5, auth_tag),
         key_id = COALESCE($6, key_id),
         description = CASE WHEN $7 THEN $8 ELSE description END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *)
     SELECT ${RECORD} FROM u`,
    [
      tenantId,
      id,
      v?.ciphertext ?? null,
      v?.iv ?? null,
      v?.authTag ?? null,
      v?.keyId ?? null,
      change.description !== undefined,
      change.description ?? null,
    ],
  );
  if (!rows[0]) throw AppError.notFound('Secret');
  return rows[0];
}

/** The deleted secret, or 404 when the tenant has none with that id. */
export async function deleteSecret(m: EntityManager, tenantId: string, id: string): Promise<SecretRecord> {
  const rows: SecretRecord[] = await m.query(
    `WITH d AS (DELETE FROM secrets WHERE tenant_id = $1 AND id = $2 RETURNING *) SELECT ${RECORD} FROM d`,
    [tenantId, id],
  );
  if (!rows[0]) throw AppError.notFound('Secret');
  return rows[0];
}

/** Every secret of the tenant with its ciphertext: what a worker decrypts for the tenant's runs. */
export function loadStoredSecrets(m: EntityManager, tenantId: string): Promise<StoredSecret[]> {
  return m.query(`SELECT ${STORED} FROM secrets WHERE tenant_id = $1 ORDER BY name`, [tenantId]);
}

/**
 * Marks the named secrets used now, unless that was recorded within the last `throttleSeconds`:
 * a busy tenant's runs then write each row at most once per interval.
 */
export async function touchSecretsUsed(
  m: EntityManager,
  tenantId: string,
  names: readonly string[],
  throttleSeconds = 60,
): Promise<void> {
  if (names.length === 0) return;
  await m.query(
    `UPDATE secrets SET last_used_at = now()
      WHERE tenant_id = $1 AND name = ANY($2::text[])
        AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $3))`,
    [tenantId, [...names], throttleSeconds],
  );
}

/** How many secrets of the tenant each key protects (for the re-encryption report). */
export async function countSecretsByKey(m: EntityManager, tenantId: string): Promise<Map<string, number>> {
  const rows: Array<{ keyId: string; n: number }> = await m.query(
    `SELECT key_id AS "keyId", count(*)::int AS n FROM secrets WHERE tenant_id = $1 GROUP BY key_id`,
    [tenantId],
  );
  return new Map(rows.map((r) => [r.keyId, r.n]));
}
