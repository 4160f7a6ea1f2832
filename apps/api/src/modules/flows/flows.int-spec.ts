import { emptyDefinition } from '@stepline/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import {
  createFlow,
  flowAudit,
  ifMatch,
  publishedFlow,
  saveDraft,
  validDefinition,
} from './testing/flow.fixtures.js';

describe('flows', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_PER_IP_PER_MINUTE: '1000' } });
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    token = acme.users.editor.accessToken;
  });
  afterAll(() => api?.close());

  describe('creating', () => {
    it('creates the flow with an empty draft v1 by default and records it', async () => {
      const res = await http.post(
        '/v1/flows',
        { name: '  Onboarding  ', description: 'New users', tags: ['crm', 'email'] },
        { token },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Onboarding',
        description: 'New users',
        tags: ['crm', 'email'],
        createdBy: acme.users.editor.id,
        archivedAt: null,
        draftRevision: 1,
        publishedVersion: null,
        latestVersion: 1,
        draft: { version: 1, revision: 1, saved: true, definition: emptyDefinition(), problems: [] },
      });
      const audit = await flowAudit(api.db.ownerUrl, acme.id, res.body.id);
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'flow.created',
          after: { name: 'Onboarding', tags: ['crm', 'email'], version: 1, revision: 1 },
        }),
      ]);
    });

    it('rejects unknown and invalid fields with their paths', async () => {
      const res = await http.post(
        '/v1/flows',
        { name: '', tags: ['a', 'a', ' b'], owner: 'me', definition: 'x' },
        { token },
      );
      expectProblem(res, 422, 'validation.failed');
      const paths = res.body.errors.map((e: any) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['/name', '/tags', '/owner', '/definition']));
      expect(res.body.errors.find((e: any) => e.path === '/owner').code).toBe('field.unknown');
    });
  });

  describe('listing', () => {
    let lister: TestTenant;
    beforeAll(async () => {
      lister = await createTestTenant(http, api.db.ownerUrl, 'lister');
      const t = lister.users.editor.accessToken;
      await createFlow(http, t, { name: 'Invoice sync', tags: ['billing'] });
      await createFlow(http, t, { name: '100% uptime_check', tags: ['ops'] });
      await createFlow(http, t, { name: '100 percent', tags: ['ops', 'billing'] });
      const old = await createFlow(http, t, { name: 'Old invoice flow', tags: ['billing'] });
      await http.post(`/v1/flows/${old.id}/archive`, {}, { token: t });
    });
    const names = async (query: string) =>
      (await http.get(`/v1/flows${query}`, { token: lister.users.viewer.accessToken })).body.data.map(
        (f: any) => f.name,
      );

    it('shows active flows, most recently changed first, with where their versions stand', async () => {
      const res = await http.get('/v1/flows', { token: lister.users.viewer.accessToken });
      expect(res.body.data.map((f: any) => f.name)).toEqual([
        '100 percent',
        '100% uptime_check',
        'Invoice sync',
      ]);
      expect(res.body.data[0]).toMatchObject({
        draftRevision: 1,
        publishedVersion: null,
        latestVersion: 1,
        archivedAt: null,
      });
      expect(res.body.nextCursor).toBeNull();
    });

    it('searches names case-insensitively, taking % and _ literally', async () => {
      expect(await names('?q=INVOICE')).toEqual(['Invoice sync']);
      expect(await names('?q=100%25')).toEqual(['100% uptime_check']);
      expect(await names('?q=e_c')).toEqual(['100% uptime_check']);
      expect(await names('?q=%25')).toEqual(['100% uptime_check']);
    });

    it('filters by tag and by status', async () => {
      expect(await names('?tag=billing')).toEqual(['100 percent', 'Invoice sync']);
      expect(await names('?status=archived')).toEqual(['Old invoice flow']);
      expect(await names('?status=archived&tag=ops')).toEqual([]);
      expectProblem(await http.get('/v1/flows?status=deleted', { token }), 422, 'validation.failed');
    });

    it('pages with a cursor and refuses a forged one', async () => {
      const t = lister.users.viewer.accessToken;
      const first = await http.get('/v1/flows?limit=2', { token: t });
      expect(first.body.data).toHaveLength(2);
      const second = await http.get(`/v1/flows?limit=2&cursor=${first.body.nextCursor}`, { token: t });
      expect(second.body.data.map((f: any) => f.name)).toEqual(['Invoice sync']);
      expect(second.body.nextCursor).toBeNull();
      expectProblem(
        await http.get('/v1/flows?cursor=bm9wZQ', { token: t }),
        400,
        'pagination.invalid_cursor',
      );
      expectProblem(await http.get('/v1/flows?limit=101', { token: t }), 422, 'validation.failed');
    });

    it('moves a flow to the top when its draft changes', async () => {
      const t = lister.users.editor.accessToken;
      const invoice = (await http.get('/v1/flows?q=invoice', { token: t })).body.data[0];
      await saveDraft(http, t, invoice.id, validDefinition(), 1);
      expect((await names(''))[0]).toBe('Invoice sync');
    });
  });

  describe('editing and archiving', () => {
    it('updates name, description and tags, recording only what changed', async () => {
      const flow = await createFlow(http, token, { name: 'Before', description: 'd', tags: ['x'] });
      const res = await http.patch(`/v1/flows/${flow.id}`, { name: 'After', description: null }, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'After', description: null, tags: ['x'] });
      const same = await http.patch(`/v1/flows/${flow.id}`, { tags: ['x'] }, { token });
      expect(same.status).toBe(200);
      const updates = (await flowAudit(api.db.ownerUrl, acme.id, flow.id)).filter(
        (r) => r.action === 'flow.updated',
      );
      expect(updates).toEqual([
        expect.objectContaining({
          before: { name: 'Before', description: 'd' },
          after: { name: 'After', description: null },
        }),
      ]);
    });

    it('makes an archived flow read-only until it is unarchived', async () => {
      const flow = await publishedFlow(http, token);
      const archived = await http.post(`/v1/flows/${flow.id}/archive`, {}, { token });
      expect(archived.status).toBe(200);
      expect(archived.body.archivedAt).toEqual(expect.any(String));
      expect((await http.post(`/v1/flows/${flow.id}/archive`, {}, { token })).status).toBe(200);

      expectProblem(await http.patch(`/v1/flows/${flow.id}`, { name: 'x' }, { token }), 409, 'flow.archived');
      expectProblem(await saveDraft(http, token, flow.id, validDefinition(), '*'), 409, 'flow.archived');
      expectProblem(
        await http.patch(`/v1/flows/${flow.id}/draft`, { operations: [] }, { token, headers: ifMatch('*') }),
        409,
        'flow.archived',
      );
      expectProblem(await http.post(`/v1/flows/${flow.id}/publish`, {}, { token }), 409, 'flow.archived');
      expectProblem(
        await http.post(`/v1/flows/${flow.id}/rollback`, { version: 1 }, { token }),
        409,
        'flow.archived',
      );
      // Reads still work.
      expect((await http.get(`/v1/flows/${flow.id}/draft`, { token })).status).toBe(200);
      expect((await http.get(`/v1/flows/${flow.id}/versions/1`, { token })).status).toBe(200);

      const restored = await http.post(`/v1/flows/${flow.id}/unarchive`, {}, { token });
      expect(restored.body.archivedAt).toBeNull();
      expect((await saveDraft(http, token, flow.id, validDefinition(), '*')).status).toBe(200);
      const actions = (await flowAudit(api.db.ownerUrl, acme.id, flow.id)).map((r) => r.action);
      expect(actions.filter((a) => a.endsWith('archived'))).toEqual(['flow.archived', 'flow.unarchived']);
    });

    it('answers 404 for an id that names no flow, malformed or not', async () => {
      expectProblem(await http.get('/v1/flows/not-a-uuid', { token }), 404, 'resource.not_found');
      expectProblem(
        await http.get('/v1/flows/00000000-0000-4000-8000-000000000000', { token }),
        404,
        'resource.not_found',
      );
    });
  });

  describe('over GraphQL', () => {
    it('creates, lists, reads, updates and archives', async () => {
      const created = await http.gql(
        `mutation { createFlow(input: { name: "GQL flow", tags: ["gql"] }) { id name tags draft { revision definition } } }`,
        {},
        token,
      );
      expectGqlOk(created);
      const id = created.data.createFlow.id;
      expect(created.data.createFlow.draft).toEqual({ revision: 1, definition: emptyDefinition() });

      const updated = await http.gql(
        `mutation($id: ID!) { updateFlow(id: $id, input: { description: "via gql" }) { description } }`,
        { id },
        token,
      );
      expect(updated.data.updateFlow).toEqual({ description: 'via gql' });

      const listed = await http.gql(
        `{ flows(filter: { tag: "gql" }, limit: 10) { data { id name draftRevision publishedVersion latestVersion } nextCursor } }`,
        {},
        token,
      );
      expect(listed.data.flows).toEqual({
        data: [{ id, name: 'GQL flow', draftRevision: 1, publishedVersion: null, latestVersion: 1 }],
        nextCursor: null,
      });

      const archived = await http.gql(
        `mutation($id: ID!) { archiveFlow(id: $id) { archivedAt } }`,
        { id },
        token,
      );
      expect(archived.data.archiveFlow.archivedAt).toEqual(expect.any(String));
      expectGqlError(
        await http.gql(
          `mutation($id: ID!) { updateFlow(id: $id, input: { name: "x" }) { name } }`,
          { id },
          token,
        ),
        'flow.archived',
      );
      const unarchived = await http.gql(
        `mutation($id: ID!) { unarchiveFlow(id: $id) { archivedAt } }`,
        { id },
        token,
      );
      expect(unarchived.data.unarchiveFlow.archivedAt).toBeNull();
      const read = await http.gql(`query($id: ID!) { flow(id: $id) { name description } }`, { id }, token);
      expect(read.data.flow).toEqual({ name: 'GQL flow', description: 'via gql' });
    });

    it('answers validation.failed with paths and resource.not_found with codes', async () => {
      const invalid = await http.gql(`mutation { createFlow(input: { name: "" }) { id } }`, {}, token);
      expectGqlError(invalid, 'validation.failed');
      expect(invalid.errors![0].extensions!.errors.map((e: any) => e.path)).toContain('/name');
      expectGqlError(await http.gql(`{ flow(id: "nope") { id } }`, {}, token), 'resource.not_found');
    });
  });
});
