import { createTestDatabase, type TestDatabase } from '@stepline/server/testing';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** product.md §8: the database refuses updates and deletes of audit rows from the application. */
describe('audit_log immutability', () => {
  let db: TestDatabase;
  const tenant = randomUUID();
  let rowId: string;

  /** Runs `work` in a transaction scoped to the tenant, always rolled back; answers its result or error. */
  async function attempt(
    url: string,
    work: (c: pg.Client) => Promise<unknown>,
  ): Promise<{ result?: unknown; error?: pg.DatabaseError }> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      return { result: await work(client) };
    } catch (error) {
      return { error: error as pg.DatabaseError };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  }

  const count = async () =>
    (
      await attempt(
        db.ownerUrl,
        async (c) =>
          (await c.query(`SELECT count(*)::int AS n FROM audit_log WHERE id = $1`, [rowId])).rows[0].n,
      )
    ).result;

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    await owner.query('BEGIN');
    await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    await owner.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Audit')`, [
      tenant,
      `audit-${tenant}`,
    ]);
    await owner.query('COMMIT');
    await owner.end();
    // The application appends through its own role, as AuditService does.
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    await app.query('BEGIN');
    await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    rowId = randomUUID();
    await app.query(
      `INSERT INTO audit_log (id, tenant_id, actor_type, action) VALUES ($1, $2, 'system', 'test.recorded')`,
      [rowId, tenant],
    );
    await app.query('COMMIT');
    await app.end();
  });
  afterAll(() => db?.drop());

  it('lets the application role append and read its tenant rows', async () => {
    const { result } = await attempt(
      db.appUrl,
      async (c) => (await c.query(`SELECT action FROM audit_log WHERE id = $1`, [rowId])).rows,
    );
    expect(result).toEqual([{ action: 'test.recorded' }]);
  });

  for (const [verb, sql] of [
    ['UPDATE', `UPDATE audit_log SET action = 'tampered'`],
    ['DELETE', `DELETE FROM audit_log`],
    ['TRUNCATE', `TRUNCATE audit_log`],
  ] as const) {
    it(`refuses ${verb} from the application role: permission denied`, async () => {
      const { error } = await attempt(db.appUrl, (c) => c.query(sql));
      expect(error?.code).toBe('42501');
      expect(error?.message).toMatch(/permission denied/);
      expect(await count()).toBe(1);
    });
  }

  it('refuses the application role disabling the trigger or row security', async () => {
    for (const sql of [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
      'ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY',
    ]) {
      const { error } = await attempt(db.appUrl, (c) => c.query(sql));
      expect(error?.code, sql).toBe('42501');
    }
  });

  it('gives even the schema owner no UPDATE or DELETE policy: nothing is matched', async () => {
    const { result } = await attempt(db.ownerUrl, async (c) => [
      (await c.query(`UPDATE audit_log SET action = 'tampered' WHERE id = $1`, [rowId])).rowCount,
      (await c.query(`DELETE FROM audit_log WHERE id = $1`, [rowId])).rowCount,
    ]);
    expect(result).toEqual([0, 0]);
  });

  it('still refuses UPDATE and DELETE by the owner through the trigger once row security is lifted', async () => {
    for (const sql of [
      `UPDATE audit_log SET action = 'tampered' WHERE id = $1`,
      `DELETE FROM audit_log WHERE id = $1`,
    ]) {
      const { error } = await attempt(db.ownerUrl, async (c) => {
        await c.query('ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY');
        return c.query(sql, [rowId]);
      });
      expect(error?.message, sql).toMatch(/audit_log is append-only/);
    }
    expect(await count()).toBe(1);
  });

  it('refuses TRUNCATE by the schema owner through the statement trigger', async () => {
    const { error } = await attempt(db.ownerUrl, (c) => c.query('TRUNCATE audit_log'));
    expect(error?.message).toMatch(/audit_log is append-only/);
    expect(await count()).toBe(1);
  });
});
