import type { EntityManager } from 'typeorm';
import type { EncryptedValue } from '../../crypto/secrets-cipher.js';
import type { StoredSecret } from './secrets.repository.js';

/**
 * Where an encrypted value is stored, for its re-encryption under a new key
 * (`npm run secrets:reencrypt`): a table, the prefix of its four columns (`<prefix>ciphertext`,
 * `<prefix>iv`, `<prefix>auth_tag`, `<prefix>key_id`), the SQL of a row's binding name (what the
 * value was encrypted bound to) and which rows hold a live value. Constants only: never input.
 */
export interface SealedColumns {
  table: 'secrets' | 'triggers' | 'webhook_endpoints';
  prefix: '' | 'secret_' | 'previous_secret_';
  name: string;
  live?: string;
}

export const SEALED_COLUMNS = {
  /** Tenant secrets, bound to their name. */
  secrets: { table: 'secrets', prefix: '', name: 'name' },
  /** Webhook triggers' auth secrets, bound to `trigger:<id>` (triggerSecretBinding). */
  triggerSecrets: {
    table: 'triggers',
    prefix: 'secret_',
    name: `'trigger:' || id`,
    live: 'secret_ciphertext IS NOT NULL',
  },
  /** Outgoing webhook signing secrets, bound to `webhook-endpoint:<id>`. */
  webhookSecrets: { table: 'webhook_endpoints', prefix: 'secret_', name: `'webhook-endpoint:' || id` },
  /** The previous signing secret while a rotation overlaps (unexpired only). */
  previousWebhookSecrets: {
    table: 'webhook_endpoints',
    prefix: 'previous_secret_',
    name: `'webhook-endpoint:' || id`,
    live: 'previous_secret_ciphertext IS NOT NULL AND previous_secret_expires_at > now()',
  },
} as const satisfies Record<string, SealedColumns>;

/**
 * Up to `limit` values of the tenant not under `keyId`, locked for the re-encryption that follows
 * (SKIP LOCKED: two concurrent re-encryptions share the work instead of waiting), shaped like
 * stored secrets whose `name` is their binding.
 */
export function lockSealedNotUnderKey(
  m: EntityManager,
  c: SealedColumns,
  tenantId: string,
  keyId: string,
  limit: number,
): Promise<StoredSecret[]> {
  const p = c.prefix;
  return m.query(
    `SELECT id, ${c.name} AS name, ${p}ciphertext AS ciphertext, ${p}iv AS iv, ${p}auth_tag AS "authTag",
            ${p}key_id AS "keyId"
       FROM ${c.table}
      WHERE tenant_id = $1 AND ${p}key_id <> $2${c.live ? ` AND ${c.live}` : ''}
      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [tenantId, keyId, limit],
  );
}

/** Replaces the stored ciphertext only: the row's other columns and `updated_at` stay as they were. */
export async function rewriteSealed(
  m: EntityManager,
  c: SealedColumns,
  tenantId: string,
  id: string,
  value: EncryptedValue,
): Promise<void> {
  const p = c.prefix;
  await m.query(
    `UPDATE ${c.table} SET ${p}ciphertext = $3, ${p}iv = $4, ${p}auth_tag = $5, ${p}key_id = $6
      WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, value.ciphertext, value.iv, value.authTag, value.keyId],
  );
}
