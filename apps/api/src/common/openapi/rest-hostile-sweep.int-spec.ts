import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApiKey, tenantQuery } from '../../testing/tenant-db.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import {
  deepJsonText,
  hostileJson,
  hostileString,
  hostileText,
  malformedBodyText,
  percentEncode,
  rawEncoded,
} from '../testing/hostile-arbitraries.js';
import { SchemaArbitraries, type JsonSchema } from '../testing/schema-arbitraries.js';
import {
  leakIn,
  seedSweptTenant,
  StoredRows,
  SWEEP_RUNS,
  SWEEP_SEED,
  type SweptTenant,
} from '../testing/sweep-harness.js';

/**
 * Property-based hostile-input sweep of every operation in the committed OpenAPI document: paths,
 * query strings, headers and bodies drawn from fast-check arbitraries (plausible values mixed with
 * NUL, controls, lone surrogates, huge numbers, wrong types, deep and wide JSON, unknown and
 * `__proto__` keys, cursors forged from valid ones). Every answer must be below 500, a problem+json
 * when it is an error, free of stack traces and driver messages — and a refused request must leave
 * every stored row as it was. A new operation is swept without any change here.
 */
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

const doc = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../../openapi/openapi.json', import.meta.url)), 'utf8'),
) as {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
};

/** Operations that end or demote the session every other call uses run last. */
const SESSION_ENDING = [
  '/v1/auth/logout',
  '/v1/members/leave',
  '/v1/members/transfer-ownership',
  '/v1/members/{userId}',
];
const lastness = (op: Operation) => SESSION_ENDING.indexOf(op.path) + 1;

export const OPERATIONS: Operation[] = Object.entries(doc.paths)
  .flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
    })),
  )
  .sort((a, b) => lastness(a) - lastness(b));

interface HostileRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
}

const headerValue = fc.oneof(
  fc.constantFrom(
    '*',
    '"1"',
    '"2"',
    '"0"',
    'W/"1"',
    '""',
    '"-1"',
    '"99999999999999999999"',
    'abc',
    '1, 2',
    ' ',
  ),
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((u) => String.fromCharCode(u)),
    maxLength: 300,
  }),
);

function requestOf(op: Operation, arbs: SchemaArbitraries, swept: SweptTenant): fc.Arbitrary<HostileRequest> {
  const pathValue = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...swept.pools.uuids) },
    { weight: 1, arbitrary: fc.constantFrom('1', '2', 'draft', '0', '-1', '2147483648') },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0).map(percentEncode) },
    { weight: 1, arbitrary: hostileText.map(percentEncode) },
    { weight: 1, arbitrary: rawEncoded },
  );
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const path = fc
    .tuple(...pathParams.map(() => pathValue))
    .map((values) => pathParams.reduce((p, param, i) => p.replace(`{${param.name}}`, values[i]), op.path));
  const queryParts = op.parameters
    .filter((p) => p.in === 'query')
    .map((p) =>
      fc.option(
        fc.oneof(
          {
            weight: 4,
            arbitrary: arbs.queryValue(p.name, p.schema ?? {}).map((v) => querySegment(p.name, v)),
          },
          { weight: 1, arbitrary: rawEncoded.map((raw) => `${p.name}=${raw}`) },
        ),
        { freq: 3 },
      ),
    );
  const unknown = fc.option(
    fc.tuple(hostileString, hostileString).map(([k, v]) => `${percentEncode(k || 'x')}=${percentEncode(v)}`),
    { freq: 6 },
  );
  const query = fc.tuple(fc.tuple(...queryParts), unknown).map(([parts, extra]) => {
    const all = [...parts, extra].filter((p): p is string => typeof p === 'string');
    return all.length ? `?${all.join('&')}` : '';
  });
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const headers = fc
    .tuple(...headerParams.map(() => fc.option(headerValue, { freq: 5 })))
    .map((values) =>
      Object.fromEntries(
        headerParams.flatMap((p, i) =>
          values[i] === null ? [] : [[p.name.toLowerCase(), values[i] as string]],
        ),
      ),
    );
  const body: fc.Arbitrary<string | undefined> = op.body
    ? fc.oneof(
        { weight: 6, arbitrary: arbs.body(op.body).map((b) => JSON.stringify(b)) },
        { weight: 1, arbitrary: deepJsonText },
        { weight: 1, arbitrary: malformedBodyText },
        { weight: 1, arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'null') },
      )
    : op.method === 'GET' // fetch sends no body with a GET
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 5, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: malformedBodyText },
        );
  return fc.record({ path, query, headers, body });
}

function querySegment(name: string, value: unknown): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  if (Array.isArray(value))
    return value.map((v) => `${name}=${percentEncode(text(v))}`).join('&') || `${name}=`;
  return `${name}=${percentEncode(text(value))}`;
}

describe('every REST operation refuses hostile input without a 5xx, a leak or a change', () => {
  let api: TestApi;
  let swept: SweptTenant;
  let arbs: SchemaArbitraries;
  let stored: StoredRows;
  const swept_ops = new Map<string, number>();
  const runs = SWEEP_RUNS || 25;

  beforeAll(async () => {
    api = await startTestApi({
      env: {
        LOGIN_MAX_PER_IP_PER_MINUTE: '100000',
        LOGIN_MAX_PER_EMAIL_PER_5_MINUTES: '100000',
        API_KEYS_MAX_PER_HOUR: '100000',
        INVITATIONS_MAX_PER_HOUR: '100000',
      },
    });
    const lists = OPERATIONS.filter(
      (o) => o.method === 'GET' && o.parameters.some((p) => p.name === 'cursor'),
    );
    swept = await seedSweptTenant(
      api,
      lists.map((o) => o.path),
    );
    arbs = new SchemaArbitraries(doc.components.schemas, swept.pools);
    stored = await StoredRows.open(api.db.ownerUrl, swept.tenant.id);
    console.log(
      `REST hostile sweep: seed ${SWEEP_SEED}, ${runs} runs per operation (replay: SWEEP_SEED=${SWEEP_SEED})`,
    );
  }, 120_000);
  afterAll(async () => {
    await stored?.close();
    await api?.close();
  });

  it('sweeps a real tenant with valid cursors to forge from', () => {
    expect(OPERATIONS.length).toBeGreaterThan(40);
    expect(swept.pools.cursors.length).toBeGreaterThanOrEqual(4);
  });

  // The sweep reads only the tables whose row count or xmin sum moved: this is what it must still see.
  it('notices a stored row changed, deleted or inserted, and lets the audit log grow', async () => {
    const { ownerUrl } = api.db;
    const tenantId = swept.tenant.id;
    const sql = (text: string, params: unknown[] = []) => tenantQuery(ownerUrl, tenantId, text, params);
    await sql(`INSERT INTO audit_log (tenant_id, actor_type, action) VALUES ($1, 'user', 'sweep.check')`, [
      tenantId,
    ]);
    expect(await stored.changes()).toEqual([]);
    await sql(`UPDATE api_keys SET name = name WHERE name = 'sweep key 2'`);
    expect(await stored.changes()).toEqual([]);
    await sql(`UPDATE api_keys SET name = 'sweep key 2b' WHERE name = 'sweep key 2'`);
    expect(await stored.changes()).toEqual([
      expect.stringMatching(/^changed or deleted api_keys:/),
      expect.stringMatching(/^inserted api_keys:/),
    ]);
    await sql(`UPDATE api_keys SET name = 'sweep key 2' WHERE name = 'sweep key 2b'`);
    expect(await stored.changes()).toHaveLength(2);
    const key = await insertApiKey(ownerUrl, tenantId, ['flows:read']);
    expect(await stored.changes()).toEqual([expect.stringMatching(/^inserted api_keys:/)]);
    await sql(`DELETE FROM api_keys WHERE prefix = $1`, [key.slice(0, 12)]);
    expect(await stored.changes()).toEqual([expect.stringMatching(/^changed or deleted api_keys:/)]);
  });

  OPERATIONS.forEach((op, index) => {
    it(`${op.method} ${op.path}`, async () => {
      const token = swept.tenant.owner.accessToken;
      await fc.assert(
        fc.asyncProperty(requestOf(op, arbs, swept), async (req) => {
          const url = `${api.baseUrl}${req.path}${req.query}`;
          const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...req.headers };
          if (req.body !== undefined) headers['content-type'] = 'application/json';
          const res = await fetch(url, {
            method: op.method,
            headers,
            body: req.body,
            signal: AbortSignal.timeout(15_000),
          });
          const type = res.headers.get('content-type') ?? '';
          // A live stream (run events) answers its headers and then stays open: that is all we read.
          const text = type.startsWith('text/event-stream')
            ? (await res.body?.cancel(), '')
            : await res.text();
          const where = `${op.method} ${url.slice(api.baseUrl.length, 300)} body=${req.body?.slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          if (res.status >= 400) {
            expect(type, where).toMatch(/^application\/problem\+json/);
            expect(typeof JSON.parse(text).code, where).toBe('string');
          }
          expect(leakIn(text), where).toBeNull();
          // A 401 outside the credential endpoints would mean the session was lost: the sweep would be vacuous.
          if (
            res.status === 401 &&
            !/^\/v1\/(auth|invitations\/accept)/.test(op.path) &&
            lastness(op) === 0
          ) {
            expect.fail(`session lost: ${where}`);
          }
          const changes = await stored.changes();
          if (res.status >= 400) expect(changes, where).toEqual([]);
          swept_ops.set(`${op.method} ${op.path}`, (swept_ops.get(`${op.method} ${op.path}`) ?? 0) + 1);
        }),
        { seed: SWEEP_SEED + index, numRuns: runs, endOnFailure: true },
      );
    });
  });

  it('swept every operation of the document', () => {
    const expected = OPERATIONS.map((o) => `${o.method} ${o.path}`).sort();
    expect([...swept_ops.keys()].sort()).toEqual(expected);
    for (const [op, count] of swept_ops) expect(count, op).toBeGreaterThanOrEqual(runs);
  });
});
