import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';

/**
 * Bad input always gets a clear 4xx problem, never a 500: every operation of the committed OpenAPI
 * document is called with hostile path parameters, query strings and bodies, as the owner.
 */
const doc = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../../openapi/openapi.json', import.meta.url)), 'utf8'),
);
const operations: Array<{ method: string; path: string }> = Object.entries(
  doc.paths as Record<string, Record<string, unknown>>,
)
  .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })))
  // Logout ends the session every other call uses: run it last.
  .sort((a, b) => Number(a.path === '/v1/auth/logout') - Number(b.path === '/v1/auth/logout'));

const PATH_VALUES = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "1' OR '1'='1",
  '%00',
  '-1',
  '99999999999999999999',
];
const QUERIES = [
  '',
  '?limit=0',
  '?limit=abc&cursor=%%%',
  '?cursor=eyJ0IjoieCIsImlkIjoieSJ9',
  '?from=yesterday&to=1',
  '?unknown=1',
];
const BODIES: unknown[] = [
  undefined,
  {},
  [],
  'just a string',
  {
    name: 1,
    email: {},
    role: 'god',
    scopes: 'all',
    definition: 'x',
    tenantId: 'x',
    version: 'draft',
    password: null,
  },
  { __proto__: { admin: true }, constructor: { prototype: { polluted: true } } },
  { name: 'x'.repeat(10_000), tags: Array.from({ length: 500 }, (_, i) => `t${i}`) },
];

describe('no operation answers 5xx to bad input', () => {
  let api: TestApi;
  let http: HttpClient;
  let tenant: TestTenant;
  beforeAll(async () => {
    api = await startTestApi({
      env: { LOGIN_MAX_PER_IP_PER_MINUTE: '100000', LOGIN_MAX_PER_EMAIL_PER_5_MINUTES: '100000' },
    });
    http = new HttpClient(api.baseUrl);
    tenant = await createTestTenant(http, api.db.ownerUrl);
  });
  afterAll(() => api?.close());

  it('covers every documented operation', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  for (const { method, path } of operations) {
    it(`${method} ${path}`, async () => {
      const failures: string[] = [];
      for (const value of PATH_VALUES) {
        const concrete = path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
        for (const query of QUERIES) {
          for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : BODIES) {
            const res = await http.request(method, `${concrete}${query}`, {
              token: tenant.owner.accessToken,
              body,
              headers: { 'if-match': '"1"' },
            });
            // A 401 outside the credential endpoints would mean the owner's session was lost and the
            // operation never reached its validation: that would make this test vacuous.
            const lostSession = res.status === 401 && !/^\/v1\/(auth|invitations\/accept)/.test(path);
            if (res.status >= 500 || lostSession) {
              failures.push(`${res.status} ${concrete}${query} ${JSON.stringify(body)?.slice(0, 80)}`);
            }
          }
        }
        if (!path.includes('{')) break;
      }
      expect(failures).toEqual([]);
    });
  }
});
