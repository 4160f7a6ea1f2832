import pg from 'pg';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import type { TestApi } from '../../testing/test-api.js';
import type { ValuePools } from './schema-arbitraries.js';

/** Seeded and bounded: `SWEEP_SEED` replays a run, `SWEEP_RUNS` scales it. */
export const SWEEP_SEED = Number(process.env.SWEEP_SEED ?? Date.now() % 2_147_483_647);
export const SWEEP_RUNS = Number(process.env.SWEEP_RUNS ?? 0);

/** What a body must never show: stack frames, driver or ORM messages, SQL. */
const LEAKS: RegExp[] = [
  /invalid byte sequence/i,
  /\bat Object\./,
  /\n\s+at \S/,
  /QueryFailedError|EntityNotFound|TypeORMError/,
  /violates (?:not-null|foreign key|unique|check)/i,
  /duplicate key value/i,
  /syntax error at or near/i,
  /unsupported Unicode escape/i,
  /SQLSTATE|\bpg_/,
  /node_modules/,
  /"stack"\s*:/,
  /Maximum call stack/i,
];

export const leakIn = (text: string): string | null => LEAKS.find((r) => r.test(text))?.source ?? null;

export interface SweptTenant {
  tenant: TestTenant;
  pools: ValuePools;
  http: HttpClient;
}

/**
 * A tenant with something of everything: members of each role, flows with published versions, an
 * API key, an invitation, runs, audit rows — and the valid cursors of every list, to forge from.
 */
export async function seedSweptTenant(api: TestApi, listPaths: string[]): Promise<SweptTenant> {
  const http = new HttpClient(api.baseUrl);
  const tenant = await createTestTenant(http, api.db.ownerUrl, 'sweep');
  const token = tenant.owner.accessToken;
  const ids: string[] = Object.values(tenant.users)
    .filter((u) => u.role !== 'owner')
    .map((u) => u.id);
  const definition = {
    schemaVersion: 1,
    steps: [{ id: 'shape', type: 'transform', config: { expression: 'input' } }],
    edges: [],
  };
  for (const name of ['Sweep one', 'Sweep two', 'Sweep three']) {
    const flow = await http.post(
      '/v1/flows',
      { name, description: 'seed', tags: ['sweep'], definition },
      { token },
    );
    ids.push(flow.body.id);
    const draft = await http.get(`/v1/flows/${flow.body.id}/draft`, { token });
    await http.post(
      `/v1/flows/${flow.body.id}/publish`,
      {},
      { token, headers: { 'if-match': `"${draft.body.revision}"` } },
    );
    await http.put(
      `/v1/flows/${flow.body.id}/draft`,
      { definition },
      { token, headers: { 'if-match': '*' } },
    );
    const run = await http.post(`/v1/flows/${flow.body.id}/runs`, { input: { n: 1 } }, { token });
    if (run.body?.id) ids.push(run.body.id);
  }
  for (const name of ['sweep key 1', 'sweep key 2']) {
    const key = await http.post('/v1/api-keys', { name, scopes: ['flows:read'] }, { token });
    ids.push(key.body.id);
  }
  for (const name of ['SWEEP_SECRET_1', 'SWEEP_SECRET_2']) {
    const secret = await http.post('/v1/secrets', { name, value: 'sweep value' }, { token });
    ids.push(secret.body.id);
  }
  for (const email of ['invitee1@example.com', 'invitee2@example.com']) {
    const invitation = await http.post('/v1/invitations', { email, role: 'viewer' }, { token });
    ids.push(invitation.body.id);
  }
  const cursors: string[] = [];
  for (const path of listPaths) {
    const concrete = path.replace(/\{[^}]+\}/g, ids[ids.length - 10] ?? '');
    const page = await http.get(`${concrete}?limit=1`, { token });
    if (typeof page.body?.nextCursor === 'string') cursors.push(page.body.nextCursor);
  }
  const flowId = ids.find((_, i) => i >= 3);
  if (flowId) {
    const versions = await http.get(`/v1/flows/${flowId}/versions?limit=1`, { token });
    if (typeof versions.body?.nextCursor === 'string') cursors.push(versions.body.nextCursor);
  }
  return {
    tenant,
    http,
    pools: {
      uuids: ids.filter((id) => typeof id === 'string'),
      numbers: [1, 2, 0, -1, 2 ** 31],
      cursors,
      emails: [tenant.users.admin.email, 'invitee1@example.com', 'new.person@example.com'],
      documents: [definition, { schemaVersion: 1, steps: [], edges: [] }],
    },
  };
}

/** Row digests (`md5(row_to_json(row))`) of one table, with their multiplicity. */
type TableRows = Map<string, number>;

/**
 * The rows the swept tenant can see (and every user), read in its RLS scope over the owner's
 * connection, so that a sweep can ask after every request what that request changed.
 *
 * Reading every row of every table after each request was three quarters of a sweep's time, and
 * it grew with the audit log. So each read first asks every table for its row count and the sum of
 * its rows' `xmin` — an insert or an update writes a row version with a new transaction id, a delete
 * lowers the count — in one prepared statement; most hostile requests are refused, so most reads
 * end there. When a pair moved, the rows of those tables (only) are hashed, in a repeatable-read
 * transaction that takes the pairs again, so pairs and rows are of one instant.
 */
export class StoredRows {
  private marks = new Map<string, string>();
  private rows = new Map<string, TableRows>();

  private constructor(
    private readonly client: pg.Client,
    private readonly marksSql: string,
  ) {}

  static async open(ownerUrl: string, tenantId: string): Promise<StoredRows> {
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    // The connection is the sweep's own: the tenant scope is set once, for the session.
    await client.query(`SELECT set_config('app.tenant_id', $1, false)`, [tenantId]);
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'typeorm_metadata')
        ORDER BY table_name`,
    );
    const marksSql = tables.rows
      .map(
        ({ table_name: t }) =>
          `SELECT '${t}' AS t, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) AS mark FROM "${t}"`,
      )
      .join(' UNION ALL ');
    const stored = new StoredRows(client, marksSql);
    await stored.changes();
    return stored;
  }

  private async movedTables(): Promise<Array<{ t: string; mark: string }>> {
    const marks = await this.client.query<{ t: string; mark: string }>({
      name: 'stored-rows-marks',
      text: this.marksSql,
    });
    return marks.rows.filter(({ t, mark }) => this.marks.get(t) !== mark);
  }

  /**
   * Reads the rows again; answers those of the last read that are gone or changed, and the rows
   * added outside the audit log (every accepted write appends to it; nothing may rewrite it).
   */
  async changes(): Promise<string[]> {
    const { client } = this;
    if (!(await this.movedTables()).length) return [];
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    let moved: Array<{ t: string; mark: string }>;
    const fresh = new Map<string, TableRows>();
    try {
      moved = await this.movedTables();
      for (const { t } of moved) fresh.set(t, new Map());
      if (moved.length) {
        const hashed = await client.query<{ t: string; h: string }>(
          moved
            .map(({ t }) => `SELECT '${t}' AS t, md5(row_to_json(x)::text) AS h FROM "${t}" x`)
            .join(' UNION ALL '),
        );
        for (const { t, h } of hashed.rows) {
          const table = fresh.get(t) as TableRows;
          table.set(h, (table.get(h) ?? 0) + 1);
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const changes: string[] = [];
    for (const { t, mark } of moved) {
      const before = this.rows.get(t) ?? new Map<string, number>();
      const after = fresh.get(t) as TableRows;
      for (const [h, count] of before)
        if ((after.get(h) ?? 0) < count) changes.push(`changed or deleted ${t}:${h}`);
      for (const [h, count] of after)
        if ((before.get(h) ?? 0) < count && t !== 'audit_log') changes.push(`inserted ${t}:${h}`);
      this.rows.set(t, after);
      this.marks.set(t, mark);
    }
    return changes;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
