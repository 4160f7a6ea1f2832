import { CORE_STEP_TYPES } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';

describe('step types', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
  });
  afterAll(() => api?.close());

  it('lists the core catalogue in palette order with schemas, defaults and ports', async () => {
    const res = await http.get('/v1/step-types', { token: acme.users.viewer.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: any) => t.type)).toEqual(CORE_STEP_TYPES.map((t) => t.type));
    const byType = Object.fromEntries(res.body.data.map((t: any) => [t.type, t]));
    expect(byType.http).toMatchObject({
      category: 'core',
      title: 'HTTP request',
      configSchema: { type: 'object', required: ['method', 'url'] },
      defaults: { method: 'GET' },
      outputPorts: [],
      expressionFields: expect.arrayContaining([{ field: 'url', kind: 'template' }]),
      nestedGraphs: [],
      terminal: false,
    });
    expect(byType.condition.outputPorts).toEqual(['true', 'false']);
    expect(byType.switch.outputPorts).toEqual(['a', 'default']);
    expect(byType.approval.outputPorts).toEqual(['approved', 'rejected']);
    expect(byType.forEach.nestedGraphs).toEqual([{ field: 'body', locals: ['item', 'index'] }]);
    expect(byType.fail.terminal).toBe(true);
  });

  it('serves the same catalogue over GraphQL, schemas as JSON', async () => {
    const body = await http.gql(
      `{ stepTypes { type category configSchema defaults outputPorts expressionFields { field kind } terminal } }`,
      {},
      acme.users.viewer.accessToken,
    );
    expect(body.errors).toBeUndefined();
    const rest = (await http.get('/v1/step-types', { token: acme.users.viewer.accessToken })).body.data;
    expect(body.data.stepTypes).toEqual(
      rest.map((t: any) => ({
        type: t.type,
        category: t.category,
        configSchema: t.configSchema,
        defaults: t.defaults,
        outputPorts: t.outputPorts,
        expressionFields: t.expressionFields,
        terminal: t.terminal,
      })),
    );
  });

  it('is readable by every role and flows:read keys, not by other keys or anonymous callers', async () => {
    for (const role of ['owner', 'admin', 'editor', 'operator', 'viewer'] as const) {
      expect((await http.get('/v1/step-types', { token: acme.users[role].accessToken })).status).toBe(200);
    }
    const key = async (scopes: string[]) =>
      (await http.post('/v1/api-keys', { name: scopes.join(), scopes }, { token: acme.owner.accessToken }))
        .body.key;
    expect((await http.get('/v1/step-types', { token: await key(['flows:read']) })).status).toBe(200);
    const denied = await http.get('/v1/step-types', { token: await key(['runs:read']) });
    expect({ status: denied.status, code: denied.body.code }).toEqual({
      status: 403,
      code: 'permission.denied',
    });
    const anonymous = await http.gql(`{ stepTypes { type } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('auth.unauthenticated');
  });
});
