import type { Role } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpResponse } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectProblem } from '../../testing/problem-assertions.js';
import { createFlow, ifMatch, publishedFlow, saveDraft, validDefinition } from './testing/flow.fixtures.js';

type GqlBody = { data?: any; errors?: any[] };

/** One operation: how to call it on a flow over each transport. */
interface Operation {
  does: string;
  writes: boolean;
  okStatus: number;
  rest(token: string, flowId: string): Promise<HttpResponse>;
  gql(token: string, flowId: string): Promise<GqlBody>;
}

const EVERYONE: Role[] = ['owner', 'admin', 'editor', 'operator', 'viewer'];
const WRITERS: Role[] = ['owner', 'admin', 'editor'];

describe('flow permissions and tenant isolation', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    [acme, other] = await Promise.all([
      createTestTenant(http, api.db.ownerUrl),
      createTestTenant(http, api.db.ownerUrl, 'other'),
    ]);
  });
  afterAll(() => api?.close());

  /** v1 archived, v2 published, a saved draft v3: every operation has something to act on. */
  const target = async () => {
    const owner = acme.owner.accessToken;
    const flow = await publishedFlow(http, owner);
    await saveDraft(http, owner, flow.id, validDefinition('https://v2.example'), '*');
    await http.post(`/v1/flows/${flow.id}/publish`, {}, { token: owner });
    await saveDraft(http, owner, flow.id, validDefinition('https://v3.example'), '*');
    return flow.id;
  };
  const revisionOf = async (flowId: string) =>
    (await http.get(`/v1/flows/${flowId}/draft`, { token: acme.owner.accessToken })).body.revision;

  const OPERATIONS: Operation[] = [
    {
      does: 'read a flow',
      writes: false,
      okStatus: 200,
      rest: (t, id) => http.get(`/v1/flows/${id}`, { token: t }),
      gql: (t, id) => http.gql(`query($id: ID!) { flow(id: $id) { id } }`, { id }, t),
    },
    {
      does: 'read the draft',
      writes: false,
      okStatus: 200,
      rest: (t, id) => http.get(`/v1/flows/${id}/draft`, { token: t }),
      gql: (t, id) => http.gql(`query($id: ID!) { flowDraft(flowId: $id) { revision } }`, { id }, t),
    },
    {
      does: 'list versions',
      writes: false,
      okStatus: 200,
      rest: (t, id) => http.get(`/v1/flows/${id}/versions`, { token: t }),
      gql: (t, id) =>
        http.gql(`query($id: ID!) { flowVersions(flowId: $id) { data { number } } }`, { id }, t),
    },
    {
      does: 'read a version',
      writes: false,
      okStatus: 200,
      rest: (t, id) => http.get(`/v1/flows/${id}/versions/1`, { token: t }),
      gql: (t, id) =>
        http.gql(`query($id: ID!) { flowVersion(flowId: $id, number: 1) { number } }`, { id }, t),
    },
    {
      does: 'diff versions',
      writes: false,
      okStatus: 200,
      rest: (t, id) => http.get(`/v1/flows/${id}/diff?from=1&to=draft`, { token: t }),
      gql: (t, id) =>
        http.gql(
          `query($id: ID!) { flowDiff(flowId: $id, from: "1", to: "draft") { settings { changed } } }`,
          { id },
          t,
        ),
    },
    {
      does: 'update a flow',
      writes: true,
      okStatus: 200,
      rest: (t, id) => http.patch(`/v1/flows/${id}`, { name: 'Renamed' }, { token: t }),
      gql: (t, id) =>
        http.gql(`mutation($id: ID!) { updateFlow(id: $id, input: { name: "Renamed" }) { id } }`, { id }, t),
    },
    {
      does: 'archive a flow',
      writes: true,
      okStatus: 200,
      rest: (t, id) => http.post(`/v1/flows/${id}/archive`, {}, { token: t }),
      gql: (t, id) => http.gql(`mutation($id: ID!) { archiveFlow(id: $id) { id } }`, { id }, t),
    },
    {
      does: 'unarchive a flow',
      writes: true,
      okStatus: 200,
      rest: (t, id) => http.post(`/v1/flows/${id}/unarchive`, {}, { token: t }),
      gql: (t, id) => http.gql(`mutation($id: ID!) { unarchiveFlow(id: $id) { id } }`, { id }, t),
    },
    {
      does: 'save the draft',
      writes: true,
      okStatus: 200,
      rest: async (t, id) =>
        saveDraft(http, t, id, validDefinition('https://w.example'), await revisionOf(id)),
      gql: async (t, id) =>
        http.gql(
          `mutation($id: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $id, definition: $d, revision: $r) { revision } }`,
          { id, d: validDefinition('https://w.example'), r: await revisionOf(id) },
          t,
        ),
    },
    {
      does: 'apply operations to the draft',
      writes: true,
      okStatus: 200,
      rest: async (t, id) =>
        http.patch(
          `/v1/flows/${id}/draft`,
          { operations: [{ type: 'setOutput', output: 1 }] },
          { token: t, headers: ifMatch(await revisionOf(id)) },
        ),
      gql: async (t, id) =>
        http.gql(
          `mutation($id: ID!, $r: Int!) { applyFlowOperations(flowId: $id, operations: [{ type: "setOutput", output: 1 }], revision: $r) { revision } }`,
          { id, r: await revisionOf(id) },
          t,
        ),
    },
    {
      does: 'publish',
      writes: true,
      okStatus: 200,
      rest: (t, id) => http.post(`/v1/flows/${id}/publish`, { changeNote: 'by role' }, { token: t }),
      gql: (t, id) => http.gql(`mutation($id: ID!) { publishFlow(flowId: $id) { number } }`, { id }, t),
    },
    {
      does: 'roll back',
      writes: true,
      okStatus: 201,
      rest: (t, id) => http.post(`/v1/flows/${id}/rollback`, { version: 1 }, { token: t }),
      gql: (t, id) =>
        http.gql(`mutation($id: ID!) { rollbackFlow(flowId: $id, version: 1) { number } }`, { id }, t),
    },
  ];

  const expectAllowed = (res: HttpResponse, op: Operation) =>
    expect(res.status, JSON.stringify(res.body)).toBe(op.okStatus);
  const expectGqlAllowed = (body: GqlBody) =>
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();

  describe.each(OPERATIONS)('$does', (op) => {
    const allowed = op.writes ? WRITERS : EVERYONE;

    it.each(EVERYONE)('as %s over REST and GraphQL', async (role) => {
      const token = acme.users[role].accessToken;
      const [forRest, forGql] = await Promise.all([target(), target()]);
      const res = await op.rest(token, forRest);
      const gql = await op.gql(token, forGql);
      if (allowed.includes(role)) {
        expectAllowed(res, op);
        expectGqlAllowed(gql);
      } else {
        expectProblem(res, 403, 'permission.denied');
        expectGqlError(gql, 'permission.denied');
      }
    });

    it('answers 404 to another tenant, whatever its role', async () => {
      const flowId = await target();
      for (const role of ['owner', 'viewer'] as const) {
        // The role is checked before the flow is looked up: a viewer's write is refused as such.
        const [status, code] =
          role === 'viewer' && op.writes ? [403, 'permission.denied'] : [404, 'resource.not_found'];
        expectProblem(await op.rest(other.users[role].accessToken, flowId), status, code);
        expectGqlError(await op.gql(other.users[role].accessToken, flowId), code);
      }
    });
  });

  it('lets only writers create flows', async () => {
    for (const role of EVERYONE) {
      const token = acme.users[role].accessToken;
      const res = await http.post('/v1/flows', { name: `by ${role}` }, { token });
      const gql = await http.gql(
        `mutation { createFlow(input: { name: "gql by ${role}" }) { id } }`,
        {},
        token,
      );
      if (WRITERS.includes(role)) {
        expect(res.status).toBe(201);
        expectGqlAllowed(gql);
      } else {
        expectProblem(res, 403, 'permission.denied');
        expectGqlError(gql, 'permission.denied');
      }
    }
  });

  it('never lists another tenant’s flows', async () => {
    const mine = await createFlow(http, other.owner.accessToken, { name: 'Only in other' });
    const acmeList = await http.get('/v1/flows?limit=100', { token: acme.owner.accessToken });
    expect(acmeList.body.data.map((f: any) => f.id)).not.toContain(mine.id);
    const archived = await http.get('/v1/flows?limit=100&status=archived', { token: acme.owner.accessToken });
    expect(archived.body.data.map((f: any) => f.id)).not.toContain(mine.id);
    const gql = await http.gql(`{ flows(limit: 100) { data { id } } }`, {}, acme.owner.accessToken);
    expect(gql.data.flows.data.map((f: any) => f.id)).not.toContain(mine.id);
    const otherList = await http.get('/v1/flows?limit=100', { token: other.owner.accessToken });
    expect(otherList.body.data.map((f: any) => f.id)).toEqual([mine.id]);
  });

  describe('API keys', () => {
    const keyWith = async (scopes: string[]) => {
      const res = await http.post(
        '/v1/api-keys',
        { name: scopes.join('+'), scopes },
        { token: acme.owner.accessToken },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.key as string;
    };

    it('flows:read reads everything and writes nothing', async () => {
      const key = await keyWith(['flows:read']);
      for (const op of OPERATIONS) {
        const res = await op.rest(key, await target());
        if (op.writes) expectProblem(res, 403, 'permission.denied');
        else expectAllowed(res, op);
      }
      expectProblem(
        await http.post('/v1/flows', { name: 'by key' }, { token: key }),
        403,
        'permission.denied',
      );
    });

    it('flows:write creates, edits, publishes and rolls back, with no user recorded as creator', async () => {
      const key = await keyWith(['flows:write']);
      for (const op of OPERATIONS) expectAllowed(await op.rest(key, await target()), op);
      const created = await http.post('/v1/flows', { name: 'by key' }, { token: key });
      expect(created.status).toBe(201);
      expect(created.body.createdBy).toBeNull();
    });

    it('a key without a flows scope reads nothing', async () => {
      const key = await keyWith(['runs:read']);
      const flowId = await target();
      expectProblem(await http.get(`/v1/flows/${flowId}`, { token: key }), 403, 'permission.denied');
      expectProblem(await http.get('/v1/flows', { token: key }), 403, 'permission.denied');
    });
  });

  it('refuses anonymous callers', async () => {
    expectProblem(await http.get('/v1/flows'), 401, 'auth.unauthenticated');
  });
});
