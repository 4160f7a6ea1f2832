import { createTestDatabase, type TestDatabase } from '@stepline/server/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Isolation in depth (product.md §1): every tenant table is protected by Postgres itself, so a query
 * that forgets its tenant filter still cannot reach another tenant's rows. The table list is read
 * from the migrated schema, so a new tenant table is covered the day it lands.
 *
 * Fixture rows are built from the catalog (NOT NULL columns, foreign keys, CHECK literals). When a
 * new table needs values the catalog cannot suggest, give them in FIXTURE_VALUES.
 */
const FIXTURE_VALUES: Record<string, Record<string, unknown>> = {
  // CHK_secrets_name holds a pattern, not a value the catalog can offer.
  secrets: { name: 'FIXTURE_SECRET' },
  // CHK_webhook_endpoints_event_types needs a non-empty list of known types.
  webhook_endpoints: { event_types: '{*}' },
};

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  enumLabels: string[] | null;
}
interface ForeignKey {
  table: string;
  ref: string;
  cols: string[];
  refCols: string[];
}
type Row = Record<string, unknown>;

describe('row-level security', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let tenantTables: string[];
  let columns: Map<string, Column[]>;
  let foreignKeys: ForeignKey[];
  let checks: Array<{ table: string; def: string }>;
  let partitions: Set<string>;
  const [A, B] = [randomUUID(), randomUUID()];
  const rows = new Map<string, Row>();

  const tenantColumn = (table: string) => (table === 'tenants' ? 'id' : 'tenant_id');

  /** A value Postgres will accept for a NOT NULL column without default. */
  function valueFor(table: string, col: Column): unknown {
    const literal = checks
      .filter((c) => c.table === table && new RegExp(`\\b${col.name}\\b`).test(c.def))
      .map((c) => /'((?:[^']|'')*)'/.exec(c.def)?.[1])
      .find(Boolean);
    if (col.enumLabels?.length) return col.enumLabels[0];
    if (col.type.endsWith('[]')) return '{}';
    if (literal !== undefined && /text|char/.test(col.type)) return literal;
    if (col.type === 'uuid') return randomUUID();
    if (/^(integer|bigint|smallint|numeric|real|double precision)/.test(col.type)) return 1;
    if (col.type === 'boolean') return false;
    if (/^(timestamp|date)/.test(col.type)) return new Date();
    if (/^jsonb?$/.test(col.type)) return '{}';
    if (col.type === 'interval') return '1 second';
    if (col.type === 'bytea') return randomBytes(8);
    return `fx-${randomBytes(6).toString('hex')}`;
  }

  /** Column values of a new row of `table` for `tenant`, creating the rows it must reference. */
  async function valuesOf(table: string, tenant: string): Promise<Row> {
    const values: Row = {};
    for (const fk of foreignKeys.filter((f) => f.table === table && f.ref !== table)) {
      const cols = columns.get(table)!.filter((c) => fk.cols.includes(c.name));
      if (!cols.some((c) => c.notNull && !c.hasDefault)) continue;
      const ref = await rowOf(fk.ref, tenant);
      fk.cols.forEach((c, i) => (values[c] = ref[fk.refCols[i]]));
    }
    for (const col of columns.get(table)!) {
      if (col.notNull && !col.hasDefault && !(col.name in values)) values[col.name] = valueFor(table, col);
    }
    if (tenantTables.includes(table)) values[tenantColumn(table)] = tenant;
    return { ...values, ...FIXTURE_VALUES[table] };
  }

  const insertSql = (table: string, values: Row) => {
    const keys = Object.keys(values);
    return {
      text: `INSERT INTO "${table}" (${keys.map((k) => `"${k}"`).join(', ')})
             VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      values: keys.map((k) => values[k]),
    };
  };

  /** One fixture row of `table` for `tenant`, inserted as the owner inside the tenant's scope. */
  async function rowOf(table: string, tenant: string): Promise<Row> {
    const key = `${table}/${tenant}`;
    if (!rows.has(key)) {
      if (table !== 'tenants' && tenantTables.includes(table)) await rowOf('tenants', tenant);
      const values =
        table === 'tenants'
          ? { ...(await valuesOf(table, tenant)), id: tenant }
          : await valuesOf(table, tenant);
      await owner.query(`SELECT set_config('app.tenant_id', $1, false)`, [tenant]);
      try {
        rows.set(key, (await owner.query(insertSql(table, values))).rows[0]);
      } catch (error) {
        throw new Error(
          `cannot build a fixture row for ${table} (${(error as Error).message}); add FIXTURE_VALUES.${table}`,
        );
      }
    }
    return rows.get(key)!;
  }

  /** Runs `work` as stepline_app in a transaction scoped to `tenant` (or to no tenant at all). */
  async function asApp<T>(tenant: string | null, work: (c: pg.Client) => Promise<T>): Promise<T> {
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    try {
      await app.query('BEGIN');
      if (tenant) await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      return await work(app);
    } finally {
      await app.query('ROLLBACK').catch(() => undefined);
      await app.end();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    const cols = await owner.query(`
      SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS "notNull", (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS "hasDefault",
             (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = a.atttypid) AS "enumLabels",
             c.relispartition AS partition
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`);
    columns = new Map();
    partitions = new Set();
    for (const { table, partition, ...col } of cols.rows) {
      columns.set(table, [...(columns.get(table) ?? []), col]);
      if (partition) partitions.add(table);
    }
    tenantTables = [...columns.keys()]
      .filter((t) => t === 'tenants' || columns.get(t)!.some((c) => c.name === 'tenant_id'))
      .sort();
    const attnames = (rel: string, keys: string) =>
      `ARRAY(SELECT attname::text FROM unnest(${keys}) WITH ORDINALITY k(n, i)
               JOIN pg_attribute ON attrelid = ${rel} AND attnum = k.n ORDER BY k.i)`;
    foreignKeys = (
      await owner.query(`
        SELECT conrelid::regclass::text AS table, confrelid::regclass::text AS ref,
               ${attnames('conrelid', 'conkey')} AS cols, ${attnames('confrelid', 'confkey')} AS "refCols"
          FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`)
    ).rows;
    checks = (
      await owner.query(`SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS def
                           FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`)
    ).rows;
    for (const tenant of [A, B]) {
      for (const table of tenantTables.filter((t) => !partitions.has(t))) await rowOf(table, tenant);
    }
  });
  afterAll(async () => {
    await owner?.end();
    await db?.drop();
  });

  it('knows the tenant tables (the list is read from the schema)', () => {
    expect(tenantTables).toEqual(
      expect.arrayContaining([
        'tenants',
        'memberships',
        'invitations',
        'refresh_tokens',
        'api_keys',
        'audit_log',
        'flows',
        'flow_versions',
        'runs',
        'step_runs',
        'secrets',
      ]),
    );
  });

  it('enables and forces RLS, with at least one policy, on every tenant table', async () => {
    const { rows: flags } = await owner.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)`,
      [tenantTables],
    );
    const unprotected = flags
      .filter((f) => !f.relrowsecurity || !f.relforcerowsecurity || f.policies === 0)
      .map(
        (f) =>
          `${f.relname} (enabled=${f.relrowsecurity} forced=${f.relforcerowsecurity} policies=${f.policies})`,
      );
    expect(unprotected, 'tenant tables without enforced row-level security').toEqual([]);
  });

  it('connects the application as stepline_app: no superuser, no BYPASSRLS, owner of nothing', async () => {
    const who = await asApp(null, async (c) => (await c.query(`SELECT current_user AS name`)).rows[0].name);
    expect(who).toBe('stepline_app');
    const { rows: roles } = await owner.query(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'stepline_app'`,
    );
    expect(roles).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const { rows: owned } = await owner.query(
      `SELECT relname FROM pg_class WHERE relowner = 'stepline_app'::regrole AND relnamespace = 'public'::regnamespace`,
    );
    expect(owned.map((r) => r.relname)).toEqual([]);
  });

  it('shows a tenant only its own rows in every tenant table, even with no WHERE clause', async () => {
    const leaks: string[] = [];
    await asApp(A, async (c) => {
      for (const table of tenantTables) {
        const { rows: seen } = await c.query(`SELECT "${tenantColumn(table)}" AS tenant FROM "${table}"`);
        const foreign = seen.filter((r) => r.tenant !== A).length;
        if (foreign) leaks.push(`${table}: ${foreign} foreign rows`);
        if (!partitions.has(table) && !seen.length)
          leaks.push(`${table}: not even its own row (fixture or policy is wrong)`);
      }
    });
    expect(leaks).toEqual([]);
  });

  it('shows nothing when no tenant is set', async () => {
    const visible: string[] = [];
    await asApp(null, async (c) => {
      for (const table of tenantTables) {
        const { rows: r } = await c.query(`SELECT count(*)::int AS n FROM "${table}"`);
        if (r[0].n) visible.push(`${table}: ${r[0].n}`);
      }
    });
    expect(visible).toEqual([]);
  });

  it("refuses to insert another tenant's row while scoped to one tenant", async () => {
    const accepted: string[] = [];
    for (const table of tenantTables.filter((t) => !partitions.has(t))) {
      const values = await valuesOf(table, B);
      if (table === 'tenants') values.id = randomUUID();
      else values.tenant_id = B;
      await asApp(A, async (c) => {
        try {
          await c.query(insertSql(table, values));
          accepted.push(table);
        } catch (error) {
          expect((error as { code?: string }).code, `${table}: ${(error as Error).message}`).toBe('42501');
        }
      });
    }
    expect(accepted, 'tables that took a row of another tenant').toEqual([]);
  });
});
