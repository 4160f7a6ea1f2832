import type pg from 'pg';
import { openTenantTransaction } from './tenant-db.js';

/**
 * Another request's transaction, caught in the middle: what it wrote stays uncommitted, so a
 * statement of the API under test that touches the same key blocks on it. Race tests wait until
 * the API does (`waitedOn`), then `commit`, and the API's statement loses the race.
 */
export interface HeldTransaction {
  /** Someone waits on this transaction (a lock it holds is not granted to them). */
  waitedOn(): Promise<boolean>;
  /** Commits what `write` wrote and closes the connection. */
  commit(): Promise<void>;
}

/** Opens a transaction in `tenantId`'s scope on its own connection to `url`, runs `write` in it and leaves it open. */
export async function holdTenantTransaction(
  url: string,
  tenantId: string,
  write: (client: pg.Client) => Promise<unknown>,
): Promise<HeldTransaction> {
  const client = await openTenantTransaction(url, tenantId);
  try {
    await write(client);
  } catch (error) {
    await client.end();
    throw error;
  }
  const xid = (await client.query<{ x: string }>(`SELECT txid_current()::text AS x`)).rows[0]!.x;
  return {
    async waitedOn() {
      // pg_locks shows the 32-bit transaction id; txid_current() answers it with its epoch.
      const rows = await client.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted
            AND transactionid::text = ($1::bigint % 4294967296)::text`,
        [xid],
      );
      return rows.rowCount! > 0;
    },
    async commit() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
