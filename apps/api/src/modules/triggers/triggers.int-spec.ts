import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { createFlow, publishedFlow, validDefinition } from '../flows/testing/flow.fixtures.js';
import { EVERYONE } from '../members/testing/identity.fixtures.js';

const EDITORS: Role[] = ['owner', 'admin', 'editor'];
const HMAC_SECRET = 'whsec_' + Buffer.from('0123456789abcdef0123').toString('base64');

describe('trigger management', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let victim: TestTenant;
  let flowId: string;
  const owner = () => acme.owner.accessToken;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, victim] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'victim'),
    ]);
    flowId = (await publishedFlow(http, owner())).id;
  });
  afterAll(() => api?.close());

  const createTrigger = async (tenant = acme, flow = flowId, body: Record<string, unknown> = {}) => {
    const res = await http.post(`/v1/flows/${flow}/triggers`, body, { token: tenant.owner.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const auditOf = (id: string) =>
    tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT action, actor_type, before, after FROM audit_log WHERE target_type = 'trigger' AND target_id = $1
        ORDER BY created_at, id`,
      [id],
    );

  it('creates a webhook trigger with defaults, shows its token once and stores only its hash', async () => {
    const created = await createTrigger();
    expect(created).toMatchObject({
      flowId,
      kind: 'webhook',
      enabled: true,
      version: null,
      hasSecret: false,
      config: {
        methods: ['POST'],
        auth: { type: 'none' },
        responseMode: 'async',
        timeoutSeconds: 10,
        headers: [],
        maxBodyBytes: 1048576,
      },
    });
    expect(created.token).toMatch(/^whk_[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`/hooks/${created.token}`);
    expect(created.token.startsWith(created.tokenPrefix)).toBe(true);
    const read = await http.get(`/v1/triggers/${created.id}`, { token: owner() });
    expect(read.body).not.toHaveProperty('token');
    expect(JSON.stringify(read.body)).not.toContain(created.token);
    const [row] = await tenantQuery(api.db.ownerUrl, acme.id, `SELECT * FROM triggers WHERE id = $1`, [
      created.id,
    ]);
    expect(JSON.stringify(row)).not.toContain(created.token);
    const list = await http.get(`/v1/flows/${flowId}/triggers`, { token: acme.users.viewer.accessToken });
    expect(list.body.data.map((t: { id: string }) => t.id)).toContain(created.id);
  });

  it('stores an auth secret encrypted, never shows it, and audits create/update/rotate/delete', async () => {
    const created = await createTrigger(acme, flowId, {
      config: { auth: { type: 'hmac', style: 'standard', secret: HMAC_SECRET } },
    });
    expect(created.hasSecret).toBe(true);
    expect(JSON.stringify(created)).not.toContain(HMAC_SECRET);
    const [row] = await tenantQuery(
      api.db.ownerUrl,
      acme.id,
      `SELECT secret_ciphertext::text AS c, config::text AS config FROM triggers WHERE id = $1`,
      [created.id],
    );
    expect(row.c).not.toContain('whsec');
    expect(row.config).not.toContain(HMAC_SECRET);
    const patched = await http.patch(
      `/v1/triggers/${created.id}`,
      { enabled: false, config: { responseMode: 'sync', timeoutSeconds: 30 } },
      { token: acme.users.editor.accessToken },
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      enabled: false,
      hasSecret: true,
      config: { responseMode: 'sync', timeoutSeconds: 30, auth: { type: 'hmac', style: 'standard' } },
    });
    const rotated = await http.post(`/v1/triggers/${created.id}/rotate`, {}, { token: owner() });
    expect(rotated.body.token).not.toBe(created.token);
    expect((await http.delete(`/v1/triggers/${created.id}`, { token: owner() })).status).toBe(204);
    expectProblem(
      await http.get(`/v1/triggers/${created.id}`, { token: owner() }),
      404,
      'resource.not_found',
    );
    const audit = await auditOf(created.id);
    expect(audit.map((r) => r.action)).toEqual([
      'trigger.created',
      'trigger.updated',
      'trigger.rotated',
      'trigger.deleted',
    ]);
    expect(JSON.stringify(audit)).not.toContain(HMAC_SECRET);
    expect(JSON.stringify(audit)).not.toContain(created.token);
    expect(JSON.stringify(audit)).not.toContain(rotated.body.token);
    expect(audit[1].before.enabled).toBe(true);
    expect(audit[1].after.enabled).toBe(false);
  });

  it.each([
    [{ config: { methods: ['TRACE'] } }, '/config/methods/0'],
    [{ config: { methods: [] } }, '/config/methods'],
    [{ config: { responseMode: 'sync', timeoutSeconds: 31 } }, '/config/timeoutSeconds'],
    [{ config: { auth: { type: 'hmac', style: 'standard' } } }, '/config/auth/secret'],
    [
      { config: { auth: { type: 'hmac', style: 'standard', secret: 'not-a-whsec-secret' } } },
      '/config/auth/secret',
    ],
    [{ config: { auth: { type: 'hmac', style: 'sha1', secret: 'x'.repeat(20) } } }, '/config/auth/style'],
    [
      { config: { auth: { type: 'header', header: 'bad header', secret: 'x'.repeat(20) } } },
      '/config/auth/header',
    ],
    [{ config: { auth: { type: 'header', header: 'x-token', secret: 'short' } } }, '/config/auth/secret'],
    [{ config: { auth: { type: 'basic' } } }, '/config/auth/type'],
    [{ config: { maxBodyBytes: 0 } }, '/config/maxBodyBytes'],
    [{ config: { headers: ['ok', 'not ok'] } }, '/config/headers/1'],
    [{ config: { extra: 1 } }, '/config/extra'],
    [{ version: 99 }, '/version'],
  ])('refuses %j with 422 at %s', async (body, path) => {
    const res = await http.post(`/v1/flows/${flowId}/triggers`, body, { token: owner() });
    expectProblem(res, 422, 'validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('pins only a published version of the flow, on create and on update; another tenant’s flow is 404', async () => {
    const pinned = await createTrigger(acme, flowId, { version: 1 });
    expect(pinned.version).toBe(1);
    const draftOnly = await createFlow(http, owner(), { definition: validDefinition() });
    const refused = await http.post(`/v1/flows/${draftOnly.id}/triggers`, { version: 1 }, { token: owner() });
    expectProblem(refused, 422, 'validation.failed');
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['/version']);
    const unpinned = await createTrigger(acme, draftOnly.id);
    const repin = await http.patch(`/v1/triggers/${unpinned.id}`, { version: 1 }, { token: owner() });
    expectProblem(repin, 422, 'validation.failed');
    const unpin = await http.patch(`/v1/triggers/${pinned.id}`, { version: null }, { token: owner() });
    expect(unpin.status, JSON.stringify(unpin.body)).toBe(200);
    expect(unpin.body.version).toBeNull();
    const again = await http.patch(`/v1/triggers/${unpinned.id}`, { enabled: false }, { token: owner() });
    expect(again.body).toMatchObject({ enabled: false, version: null });
    const victimFlow = (await publishedFlow(http, victim.owner.accessToken)).id;
    expectProblem(
      await http.post(`/v1/flows/${victimFlow}/triggers`, { version: 1 }, { token: owner() }),
      404,
      'resource.not_found',
    );
  });

  it('needs a new secret when the auth scheme changes, and drops the secret with auth none', async () => {
    const created = await createTrigger(acme, flowId, {
      config: { auth: { type: 'header', header: 'x-token', secret: 'shared-secret-0123' } },
    });
    const res = await http.patch(
      `/v1/triggers/${created.id}`,
      { config: { auth: { type: 'hmac', style: 'github' } } },
      { token: owner() },
    );
    expectProblem(res, 422, 'validation.failed');
    expect(res.body.errors[0].path).toBe('/config/auth/secret');
    const none = await http.patch(
      `/v1/triggers/${created.id}`,
      { config: { auth: { type: 'none' } } },
      { token: owner() },
    );
    expect(none.body).toMatchObject({ hasSecret: false, config: { auth: { type: 'none' } } });
  });

  const OPERATIONS = [
    {
      does: 'create a trigger',
      write: true,
      rest: (token: string) => http.post(`/v1/flows/${flowId}/triggers`, {}, { token }),
      gql: (token: string) =>
        http.gql(
          `mutation($f: ID!) { createTrigger(flowId: $f, input: {}) { token url trigger { id } } }`,
          { f: flowId },
          token,
        ),
    },
    {
      does: 'list triggers',
      write: false,
      rest: (token: string) => http.get(`/v1/flows/${flowId}/triggers`, { token }),
      gql: (token: string) =>
        http.gql(`query($f: ID!) { triggers(flowId: $f) { id } }`, { f: flowId }, token),
    },
    {
      does: 'read a trigger',
      write: false,
      rest: async (token: string) => http.get(`/v1/triggers/${(await createTrigger()).id}`, { token }),
      gql: async (token: string) =>
        http.gql(
          `query($id: ID!) { trigger(id: $id) { id config } }`,
          { id: (await createTrigger()).id },
          token,
        ),
    },
    {
      does: 'update a trigger',
      write: true,
      rest: async (token: string) =>
        http.patch(`/v1/triggers/${(await createTrigger()).id}`, { enabled: false }, { token }),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { updateTrigger(id: $id, input: { enabled: false }) { enabled } }`,
          { id: (await createTrigger()).id },
          token,
        ),
    },
    {
      does: 'rotate a trigger token',
      write: true,
      rest: async (token: string) =>
        http.post(`/v1/triggers/${(await createTrigger()).id}/rotate`, {}, { token }),
      gql: async (token: string) =>
        http.gql(
          `mutation($id: ID!) { rotateTriggerToken(id: $id) { token } }`,
          { id: (await createTrigger()).id },
          token,
        ),
    },
    {
      does: 'delete a trigger',
      write: true,
      rest: async (token: string) => http.delete(`/v1/triggers/${(await createTrigger()).id}`, { token }),
      gql: async (token: string) =>
        http.gql(`mutation($id: ID!) { deleteTrigger(id: $id) }`, { id: (await createTrigger()).id }, token),
    },
  ];

  for (const op of OPERATIONS) {
    for (const role of EVERYONE) {
      const allowed = !op.write || EDITORS.includes(role);
      const outcome = allowed ? 'allowed' : 'refused with permission.denied';
      it(`${op.does} is ${outcome} for ${role} over REST and GraphQL`, async () => {
        const res = await op.rest(acme.users[role].accessToken);
        if (allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
        else expectProblem(res, 403, 'permission.denied');
        const body = await op.gql(acme.users[role].accessToken);
        if (allowed) expectGqlOk(body);
        else expectGqlError(body, 'permission.denied');
      });
    }
  }

  describe("another tenant's trigger", () => {
    let victimTrigger: { id: string };
    let victimFlow: string;
    let before: Record<string, unknown>;
    const attacker = () => acme.users.admin.accessToken;

    beforeAll(async () => {
      victimFlow = (await publishedFlow(http, victim.owner.accessToken)).id;
      victimTrigger = await createTrigger(victim, victimFlow);
      [before] = await tenantQuery(api.db.ownerUrl, victim.id, `SELECT * FROM triggers WHERE id = $1`, [
        victimTrigger.id,
      ]);
    });

    it('answers 404 over REST, exactly as an unknown id, and changes nothing', async () => {
      const id = victimTrigger.id;
      for (const res of [
        await http.get(`/v1/triggers/${id}`, { token: attacker() }),
        await http.patch(`/v1/triggers/${id}`, { enabled: false }, { token: attacker() }),
        await http.post(`/v1/triggers/${id}/rotate`, {}, { token: attacker() }),
        await http.delete(`/v1/triggers/${id}`, { token: attacker() }),
        await http.get(`/v1/flows/${victimFlow}/triggers`, { token: attacker() }),
        await http.post(`/v1/flows/${victimFlow}/triggers`, {}, { token: attacker() }),
        await http.get(`/v1/triggers/00000000-0000-4000-8000-000000000000`, { token: attacker() }),
      ]) {
        expectProblem(res, 404, 'resource.not_found');
      }
      const [after] = await tenantQuery(api.db.ownerUrl, victim.id, `SELECT * FROM triggers WHERE id = $1`, [
        id,
      ]);
      expect(after).toEqual(before);
    });

    it('answers not found over GraphQL', async () => {
      const id = victimTrigger.id;
      for (const body of [
        await http.gql(`query($id: ID!) { trigger(id: $id) { id } }`, { id }, attacker()),
        await http.gql(`mutation($id: ID!) { deleteTrigger(id: $id) }`, { id }, attacker()),
        await http.gql(`mutation($id: ID!) { rotateTriggerToken(id: $id) { token } }`, { id }, attacker()),
        await http.gql(`query($f: ID!) { triggers(flowId: $f) { id } }`, { f: victimFlow }, attacker()),
      ]) {
        expectGqlError(body, 'resource.not_found');
      }
    });
  });
});
