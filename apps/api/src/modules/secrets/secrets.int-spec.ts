import { randomUUID } from 'node:crypto';
import { createLogger, SecretsCipher } from '@stepline/server';
import { createTestConfig, createTestDatabase, createTestRedis } from '@stepline/server/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../app.factory.js';
import { HttpClient, type HttpResponse, type RequestOptions } from '../../testing/http-client.js';
import { expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import type { TestApi } from '../../testing/test-api.js';
import { auditRows } from '../members/testing/identity.fixtures.js';

/** Every answer's raw text, so a test can grep all of them for a value that must never come back. */
class RecordingHttp extends HttpClient {
  readonly seen: string[] = [];
  override async request<T = any>(
    method: string,
    path: string,
    o: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const res = await super.request<T>(method, path, o);
    this.seen.push(`${JSON.stringify(res.body)} ${[...res.headers].join(' ')}`);
    return res;
  }
}

/** The real API with a logger at `trace` whose every line this test reads. */
async function startLoggedApi(lines: string[]): Promise<TestApi> {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const config = createTestConfig(db, redis, { LOG_LEVEL: 'trace', LOGIN_MAX_PER_IP_PER_MINUTE: '1000' });
  const app = await createApiApp(
    config,
    createLogger('api', 'trace', { write: (l: string) => void lines.push(l) }),
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    db,
    redis,
    async close() {
      await app.close();
      await Promise.all([db.drop(), redis.cleanup()]);
    },
  };
}

/** A value no fixture, id or timestamp could contain by chance. */
const plaintext = (label: string) => `pt-${label}-${randomUUID()}`;

describe('secrets', () => {
  const logLines: string[] = [];
  let api: TestApi;
  let http: RecordingHttp;
  let acme: TestTenant;
  let cipher: SecretsCipher;
  const values: string[] = [];

  beforeAll(async () => {
    api = await startLoggedApi(logLines);
    http = new RecordingHttp(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    cipher = new SecretsCipher(api.config.secrets);
  });
  afterAll(() => api?.close());

  const token = () => acme.users.admin.accessToken;
  const create = async (name: string, value = plaintext(name), extra: Record<string, unknown> = {}) => {
    values.push(value);
    const res = await http.post('/v1/secrets', { name, value, ...extra }, { token: token() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { ...(res.body as { id: string; name: string; keyId: string; updatedAt: string }), value };
  };
  const storedRow = async (id: string) =>
    (await tenantQuery(api.db.ownerUrl, acme.id, `SELECT * FROM secrets WHERE id = $1`, [id]))[0];
  const decryptStored = async (id: string) => {
    const row = await storedRow(id);
    return cipher.decrypt(
      { ciphertext: row.ciphertext, iv: row.iv, authTag: row.auth_tag, keyId: row.key_id },
      { tenantId: acme.id, name: row.name },
    );
  };

  it('creates a secret, answering and listing everything but its value', async () => {
    const s = await create('CRM_TOKEN', plaintext('crm'), { description: 'CRM production' });
    expect(s).toMatchObject({
      name: 'CRM_TOKEN',
      description: 'CRM production',
      keyId: 'dev',
      createdBy: acme.users.admin.id,
      lastUsedAt: null,
    });
    const list = await http.get('/v1/secrets', { token: token() });
    const listed = list.body.data.find((x: { id: string }) => x.id === s.id);
    expect(Object.keys(listed).sort()).toEqual(
      ['createdAt', 'createdBy', 'description', 'id', 'keyId', 'lastUsedAt', 'name', 'updatedAt'].sort(),
    );
    const one = await http.get(`/v1/secrets/${s.id}`, { token: token() });
    expect(one.body).toEqual(listed);
  });

  it('stores only AES-GCM ciphertext bound to the tenant and name, which decrypts to the value', async () => {
    const s = await create('STORED_SECRET');
    const row = await storedRow(s.id);
    expect(row.ciphertext.toString('utf8')).not.toContain(s.value);
    expect([row.iv.length, row.auth_tag.length, row.key_id]).toEqual([12, 16, 'dev']);
    expect(await decryptStored(s.id)).toBe(s.value);
  });

  it('keeps multi-line values (PEM keys) and measures the limit in UTF-8 bytes', async () => {
    const pem = `-----BEGIN PRIVATE KEY-----\nMIIB${randomUUID()}\n-----END PRIVATE KEY-----\n`;
    const s = await create('PEM_KEY', pem);
    expect(await decryptStored(s.id)).toBe(pem);
    const big = 'é'.repeat(40_000); // 40,000 characters, 80,000 bytes
    values.push(big);
    const res = await http.post('/v1/secrets', { name: 'TOO_BIG', value: big }, { token: token() });
    expectProblem(res, 422, 'validation.failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/value', code: 'field.maxLength' })]);
  });

  it('refuses names outside SECRET_NAME_PATTERN, empty values and NUL, without storing anything', async () => {
    for (const body of [
      { name: 'lower_case', value: 'x1234' },
      { name: '9STARTS_WITH_DIGIT', value: 'x1234' },
      { name: 'HAS-DASH', value: 'x1234' },
      { name: `A${'B'.repeat(128)}`, value: 'x1234' },
      { name: 'EMPTY_VALUE', value: '' },
      { name: 'NUL_VALUE', value: 'a\u0000b' },
      { name: 'NO_VALUE' },
    ]) {
      const res = await http.post('/v1/secrets', body, { token: token() });
      expectProblem(res, 422, 'validation.failed');
    }
    const rows = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT name FROM secrets WHERE tenant_id = $1`,
      [acme.id],
    );
    expect(rows.map((r) => r.name)).not.toEqual(
      expect.arrayContaining(['EMPTY_VALUE', 'NUL_VALUE', 'NO_VALUE']),
    );
  });

  it('refuses a null value on update over REST and GraphQL (found by the hostile sweep: it was a 500), keeping the value', async () => {
    const created = await create('NULL_ROTATION');
    const before = await decryptStored(created.id);
    const rest = await http.patch(`/v1/secrets/${created.id}`, { value: null }, { token: token() });
    expectProblem(rest, 422, 'validation.failed');
    const gql = await http.gql(
      `mutation($id: ID!, $input: UpdateSecretInput!) { updateSecret(id: $id, input: $input) { id } }`,
      { id: created.id, input: { value: null } },
      token(),
    );
    expect(gql.errors?.[0]?.extensions?.code).toBe('validation.failed');
    expect(await decryptStored(created.id)).toBe(before);
  });

  it('answers 409 secret.name_taken for a second secret of the same name, keeping the first value', async () => {
    const first = await create('DUPLICATE');
    const second = plaintext('dup');
    values.push(second);
    const res = await http.post('/v1/secrets', { name: 'DUPLICATE', value: second }, { token: token() });
    expectProblem(res, 409, 'secret.name_taken');
    expect(await decryptStored(first.id)).toBe(first.value);
  });

  it('rotates the value write-only, re-encrypting under a fresh nonce and auditing without it', async () => {
    const s = await create('ROTATED');
    const before = await storedRow(s.id);
    const next = plaintext('rotated');
    values.push(next);
    const res = await http.patch(`/v1/secrets/${s.id}`, { value: next }, { token: token() });
    expect(res.status).toBe(200);
    expect(res.body.updatedAt >= s.updatedAt).toBe(true);
    expect(await decryptStored(s.id)).toBe(next);
    expect((await storedRow(s.id)).iv.equals(before.iv)).toBe(false);
    const audit = (await auditRows(api.db.ownerUrl, acme.id, 'secret.updated')).filter(
      (r) => r.target_id === s.id,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        target_type: 'secret',
        before: { name: 'ROTATED', keyId: 'dev' },
        after: { name: 'ROTATED', keyId: 'dev', value: '[redacted]' },
      }),
    ]);
  });

  it('edits and clears the description; a no-op changes and records nothing', async () => {
    const s = await create('DESCRIBED', plaintext('d'), { description: 'one' });
    const edited = await http.patch(`/v1/secrets/${s.id}`, { description: 'two' }, { token: token() });
    expect(edited.body.description).toBe('two');
    const cleared = await http.patch(`/v1/secrets/${s.id}`, { description: null }, { token: token() });
    expect(cleared.body.description).toBeNull();
    const noop = await http.patch(`/v1/secrets/${s.id}`, { description: null }, { token: token() });
    expect(noop.body.updatedAt).toBe(cleared.body.updatedAt);
    const empty = await http.patch(`/v1/secrets/${s.id}`, {}, { token: token() });
    expect(empty.status).toBe(200);
    const audit = (await auditRows(api.db.ownerUrl, acme.id, 'secret.updated')).filter(
      (r) => r.target_id === s.id,
    );
    expect(audit.map((r) => [r.before, r.after])).toEqual([
      [
        { name: 'DESCRIBED', description: 'one' },
        { name: 'DESCRIBED', description: 'two' },
      ],
      [
        { name: 'DESCRIBED', description: 'two' },
        { name: 'DESCRIBED', description: null },
      ],
    ]);
    expect(await decryptStored(s.id)).toBe(s.value);
  });

  it('deletes a secret (then 404) and audits the deletion', async () => {
    const s = await create('DELETED');
    expect((await http.delete(`/v1/secrets/${s.id}`, { token: token() })).status).toBe(204);
    expectProblem(await http.get(`/v1/secrets/${s.id}`, { token: token() }), 404, 'resource.not_found');
    expectProblem(await http.delete(`/v1/secrets/${s.id}`, { token: token() }), 404, 'resource.not_found');
    const audit = (await auditRows(api.db.ownerUrl, acme.id, 'secret.deleted')).filter(
      (r) => r.target_id === s.id,
    );
    expect(audit).toEqual([
      expect.objectContaining({ before: { name: 'DELETED', description: null, keyId: 'dev' }, after: null }),
    ]);
    const created = (await auditRows(api.db.ownerUrl, acme.id, 'secret.created')).filter(
      (r) => r.target_id === s.id,
    );
    expect(created[0]?.after).toEqual({
      name: 'DELETED',
      description: null,
      keyId: 'dev',
      value: '[redacted]',
    });
  });

  it('does the same over GraphQL, where the Secret type has no field for a value', async () => {
    const value = plaintext('gql');
    values.push(value);
    const created = await http.gql(
      `mutation($input: CreateSecretInput!) { createSecret(input: $input) { id name keyId description } }`,
      { input: { name: 'GQL_SECRET', value, description: 'via graphql' } },
      token(),
    );
    expectGqlOk(created);
    const id = created.data.createSecret.id as string;
    const next = plaintext('gql-next');
    values.push(next);
    const updated = await http.gql(
      `mutation($id: ID!, $input: UpdateSecretInput!) { updateSecret(id: $id, input: $input) { id description } }`,
      { id, input: { value: next, description: null } },
      token(),
    );
    expectGqlOk(updated);
    expect(updated.data.updateSecret.description).toBeNull();
    expect(await decryptStored(id)).toBe(next);
    const listed = await http.gql(
      `{ secrets(limit: 100) { data { id name } nextCursor } secret(id: "${id}") { name } }`,
      {},
      token(),
    );
    expectGqlOk(listed);
    expect(listed.data.secret.name).toBe('GQL_SECRET');
    const type = await http.gql(`{ __type(name: "Secret") { fields { name } } }`, {}, token());
    const fields = (type.data.__type.fields as Array<{ name: string }>).map((f) => f.name);
    expect(fields).not.toContain('value');
    expect(fields.some((f) => /value|cipher|plain/i.test(f))).toBe(false);
    const deleted = await http.gql(`mutation($id: ID!) { deleteSecret(id: $id) }`, { id }, token());
    expect(deleted.data?.deleteSecret).toBe(true);
  });

  it('pages the list with a cursor', async () => {
    for (const n of [1, 2, 3]) await create(`PAGED_${n}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page: HttpResponse = await http.get(`/v1/secrets?limit=2${q}`, { token: token() });
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((s: { name: string }) => s.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['PAGED_1', 'PAGED_2', 'PAGED_3']));
  });

  // Last: every value written above must appear in no answer, no audit row and no log line.
  it('never lets a value out: no response body or header, audit row or log line contains one', async () => {
    expect(values.length).toBeGreaterThan(10);
    expect(logLines.length).toBeGreaterThan(10);
    const audit = JSON.stringify(
      await tenantQuery(api.db.ownerUrl, acme.id, `SELECT * FROM audit_log WHERE tenant_id = $1`, [acme.id]),
    );
    const places = { responses: http.seen.join('\n'), audit, logs: logLines.join('\n') };
    for (const value of values) {
      for (const [where, text] of Object.entries(places)) {
        expect(text.includes(value), `${where} contain a secret value`).toBe(false);
      }
    }
  });
});
