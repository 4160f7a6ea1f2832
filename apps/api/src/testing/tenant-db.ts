import type { ApiKeyScope } from '@stepline/domain';
import { hashToken } from '@stepline/server';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Direct database access for integration tests, inside one tenant's RLS scope as the application
 * sets it. Over the schema owner's URL (FORCE RLS binds the owner too) it arranges fixtures and
 * reads what the API wrote; over the application role's URL it probes what RLS lets the app do.
 */

/** A connection of its own to `url`, in an open transaction with `app.tenant_id` set. */
export async function openTenantTransaction(url: string, tenantId: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return client;
  } catch (error) {
    await client.end();
    throw error;
  }
}

/** Runs `work` on its own connection to `url`, in one transaction with `app.tenant_id` set. */
export async function withTenantClient<T>(
  url: string,
  tenantId: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await openTenantTransaction(url, tenantId);
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** One statement in `tenantId`'s scope; answers its rows. */
export const tenantQuery = <T = any>(
  url: string,
  tenantId: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> =>
  withTenantClient(url, tenantId, async (client) => (await client.query(sql, params)).rows as T[]);

/** An API key row as the api-keys feature stores it (sha256 hex of the key, a display prefix, scopes); answers the key. */
export async function insertApiKey(
  ownerUrl: string,
  tenantId: string,
  scopes: ApiKeyScope[],
): Promise<string> {
  const key = `sl_live_${randomBytes(24).toString('base64url')}`;
  await tenantQuery(
    ownerUrl,
    tenantId,
    `INSERT INTO api_keys (tenant_id, name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4, $5)`,
    [tenantId, `test key ${scopes.join(' ')}`, key.slice(0, 12), hashToken(key), scopes],
  );
  return key;
}
