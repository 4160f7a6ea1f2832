import { Client } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Turns autovacuum off for `table` in a test database, so dead index entries and the statistics
 * stay as the test made them (as between two autovacuums of a busy database).
 */
export async function stopAutovacuum(ownerUrl: string, table: string): Promise<void> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(`ALTER TABLE ${owner.escapeIdentifier(table)} SET (autovacuum_enabled = false)`);
  } finally {
    await owner.end();
  }
}

/**
 * Index blocks `work` reads in `m`'s transaction — of every index of `on.table`, or of the indexes
 * named — from the backend's pending counters (`pg_stat_get_xact_blocks_fetched`) before and after:
 * exact, as they are flushed to the shared statistics only between transactions.
 */
export async function indexBlocksRead(
  m: EntityManager,
  on: { table: string } | { indexes: string[] },
  work: () => Promise<unknown>,
): Promise<number> {
  const blocks = async () => {
    const [row] = (await ('table' in on
      ? m.query(
          `SELECT COALESCE(sum(pg_stat_get_xact_blocks_fetched(indexrelid)), 0)::int AS n FROM pg_index
            WHERE indrelid = $1::regclass`,
          [on.table],
        )
      : m.query(
          `SELECT COALESCE(sum(pg_stat_get_xact_blocks_fetched(c.oid)), 0)::int AS n FROM pg_class c
            WHERE c.relkind = 'i' AND c.relname = ANY ($1::text[])`,
          [on.indexes],
        ))) as Array<{ n: number }>;
    return row.n;
  };
  const before = await blocks();
  await work();
  return (await blocks()) - before;
}
