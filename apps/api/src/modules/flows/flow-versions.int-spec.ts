import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import {
  createFlow,
  flowAudit,
  ifMatch,
  invalidDefinition,
  publishedFlow,
  saveDraft,
  validDefinition,
} from './testing/flow.fixtures.js';

describe('flow versions', () => {
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

  const versionsOf = async (flowId: string) =>
    (await http.get(`/v1/flows/${flowId}/versions`, { token })).body.data.map((v: any) => [
      v.number,
      v.status,
      v.changeNote,
    ]);

  describe('over REST', () => {
    it('go through create → edit → publish v1 → edit → publish v2 → rollback to v1 → diff', async () => {
      const flow = await createFlow(http, token, { name: 'Lifecycle' });
      expect(flow.draft).toMatchObject({ version: 1, revision: 1, saved: true, problems: [] });

      const v1Def = validDefinition();
      const saved = await saveDraft(http, token, flow.id, v1Def, 1);
      expect(saved.status).toBe(200);
      expect(saved.headers.get('etag')).toBe('"2"');
      expect(saved.body).toMatchObject({ version: 1, revision: 2, problems: [] });

      const p1 = await http.post(`/v1/flows/${flow.id}/publish`, { changeNote: 'first cut' }, { token });
      expect(p1.status).toBe(200);
      expect(p1.body).toMatchObject({ number: 1, status: 'published', changeNote: 'first cut', revision: 2 });
      expect(p1.body.publishedAt).toEqual(expect.any(String));

      // No draft is saved now: the draft offered is the published definition as v2, same ETag.
      const draft = await http.get(`/v1/flows/${flow.id}/draft`, { token });
      expect(draft.headers.get('etag')).toBe('"2"');
      expect(draft.body).toMatchObject({ version: 2, revision: 2, saved: false, definition: v1Def });

      const v2Def = validDefinition('https://crm.example/v2/{{ input.email }}');
      expect((await saveDraft(http, token, flow.id, v2Def, 2)).body).toMatchObject({
        version: 2,
        revision: 3,
        saved: true,
      });
      const p2 = await http.post(
        `/v1/flows/${flow.id}/publish`,
        { changeNote: 'v2 endpoint' },
        { token, headers: ifMatch(3) },
      );
      expect(p2.body).toMatchObject({ number: 2, status: 'published' });
      expect(await versionsOf(flow.id)).toEqual([
        [2, 'published', 'v2 endpoint'],
        [1, 'archived', 'first cut'],
      ]);

      const rb = await http.post(`/v1/flows/${flow.id}/rollback`, { version: 1 }, { token });
      expect(rb.status).toBe(201);
      expect(rb.body).toMatchObject({ number: 3, status: 'published', changeNote: 'rollback to v1' });
      const v3 = await http.get(`/v1/flows/${flow.id}/versions/3`, { token });
      expect(v3.body.definition).toEqual(v1Def);
      expect(await versionsOf(flow.id)).toEqual([
        [3, 'published', 'rollback to v1'],
        [2, 'archived', 'v2 endpoint'],
        [1, 'archived', 'first cut'],
      ]);

      const d12 = await http.get(`/v1/flows/${flow.id}/diff?from=1&to=2`, { token });
      expect(d12.status).toBe(200);
      expect(d12.body.from).toEqual({ version: 1, status: 'archived' });
      expect(d12.body.steps.changed).toEqual([
        expect.objectContaining({ id: 'lookup', fields: ['config', 'config.url'] }),
      ]);
      expect(d12.body.steps.added).toEqual([]);
      expect(d12.body.edges).toEqual({ added: [], removed: [] });

      const editedDraft = { ...v1Def, steps: v1Def.steps.slice(0, 2), edges: v1Def.edges.slice(0, 1) };
      const latest = (await http.get(`/v1/flows/${flow.id}/draft`, { token })).body;
      await saveDraft(http, token, flow.id, editedDraft, latest.revision);
      const d2d = await http.get(`/v1/flows/${flow.id}/diff?from=2&to=draft`, { token });
      expect(d2d.body.to).toEqual({ version: 4, status: 'draft' });
      expect(d2d.body.steps.removed.map((s: any) => s.id)).toEqual(['notify']);
      expect(d2d.body.edges.removed).toEqual([{ from: 'check', to: 'notify', when: 'true' }]);
      expect(d2d.body.steps.changed.map((c: any) => c.id)).toEqual(['lookup']);

      const summary = (await http.get(`/v1/flows/${flow.id}`, { token })).body;
      expect(summary).toMatchObject({
        publishedVersion: 3,
        latestVersion: 4,
        draftRevision: latest.revision + 1,
      });

      const actions = (await flowAudit(api.db.ownerUrl, acme.id, flow.id)).map((r) => r.action);
      expect(actions).toEqual([
        'flow.created',
        'flow.draft_saved',
        'flow.published',
        'flow.draft_saved',
        'flow.published',
        'flow.rolled_back',
        'flow.draft_saved',
      ]);
      const audit = await flowAudit(api.db.ownerUrl, acme.id, flow.id);
      expect(audit[1]).toMatchObject({
        before: { version: 1, revision: 1 },
        after: { version: 1, revision: 2 },
      });
      expect(audit[4]).toMatchObject({
        before: { publishedVersion: 1 },
        after: { publishedVersion: 2, changeNote: 'v2 endpoint' },
      });
      expect(audit[5]).toMatchObject({
        before: { publishedVersion: 2 },
        after: { publishedVersion: 3, fromVersion: 1 },
      });
    });

    it('leave a saved draft alone on rollback, moving it above the new version', async () => {
      const flow = await publishedFlow(http, token);
      const work = validDefinition('https://work.example/in-progress');
      const draft = await saveDraft(
        http,
        token,
        flow.id,
        work,
        (await http.get(`/v1/flows/${flow.id}/draft`, { token })).body.revision,
      );
      expect(draft.body).toMatchObject({ version: 2, saved: true });
      await http.post(`/v1/flows/${flow.id}/publish`, {}, { token }); // v2 published, with `work`
      await saveDraft(http, token, flow.id, work, draft.body.revision); // draft v3
      const rb = await http.post(
        `/v1/flows/${flow.id}/rollback`,
        { version: 1, changeNote: 'back to basics' },
        { token },
      );
      expect(rb.body).toMatchObject({ number: 3, changeNote: 'back to basics' });
      const after = await http.get(`/v1/flows/${flow.id}/draft`, { token });
      expect(after.body).toMatchObject({
        version: 4,
        revision: draft.body.revision + 1,
        saved: true,
        definition: work,
      });
      expect(await versionsOf(flow.id)).toEqual([
        [4, 'draft', null],
        [3, 'published', 'back to basics'],
        [2, 'archived', null],
        [1, 'archived', 'first'],
      ]);
    });

    it('refuse to roll back to the draft, the published version or a version that does not exist', async () => {
      const flow = await publishedFlow(http, token);
      await saveDraft(http, token, flow.id, validDefinition(), '*');
      expectProblem(
        await http.post(`/v1/flows/${flow.id}/rollback`, { version: 2 }, { token }),
        422,
        'validation.failed',
      );
      expectProblem(
        await http.post(`/v1/flows/${flow.id}/rollback`, { version: 1 }, { token }),
        422,
        'validation.failed',
      );
      expectProblem(
        await http.post(`/v1/flows/${flow.id}/rollback`, { version: 9 }, { token }),
        404,
        'resource.not_found',
      );
    });

    it('refuse to publish an invalid draft, naming each problem by its path', async () => {
      const flow = await createFlow(http, token, { definition: invalidDefinition() });
      expect(flow.draft.problems).toEqual([
        expect.objectContaining({ path: '/steps/1/config/url', code: 'config.required' }),
      ]);
      const res = await http.post(`/v1/flows/${flow.id}/publish`, { changeNote: 'nope' }, { token });
      expectProblem(res, 422, 'flow.invalid_definition');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: '/steps/1/config/url', code: 'config.required' }),
      ]);
      expect(await versionsOf(flow.id)).toEqual([[1, 'draft', null]]);
    });

    it('refuse to publish when nothing is unpublished, or when If-Match names another revision', async () => {
      const flow = await publishedFlow(http, token);
      expectProblem(await http.post(`/v1/flows/${flow.id}/publish`, {}, { token }), 409, 'flow.no_draft');
      const saved = await saveDraft(http, token, flow.id, validDefinition(), '*');
      const stale = await http.post(
        `/v1/flows/${flow.id}/publish`,
        {},
        { token, headers: ifMatch(saved.body.revision - 1) },
      );
      expectProblem(stale, 412, 'precondition.failed');
      expect(stale.body.currentRevision).toBe(saved.body.revision);
    });

    it('publish once when two publishes race: one published version, the other told there is nothing left', async () => {
      const flow = await createFlow(http, token, { definition: validDefinition() });
      const results = await Promise.all(
        [1, 2].map(() => http.post(`/v1/flows/${flow.id}/publish`, {}, { token })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const rows = await tenantQuery(
        api.db.ownerUrl,
        acme.id,
        `SELECT status FROM flow_versions WHERE flow_id = $1`,
        [flow.id],
      );
      expect(rows).toEqual([{ status: 'published' }]);
    });

    it('answer 404 for a version number that is not there or not a number', async () => {
      const flow = await createFlow(http, token);
      expectProblem(await http.get(`/v1/flows/${flow.id}/versions/2`, { token }), 404, 'resource.not_found');
      expectProblem(
        await http.get(`/v1/flows/${flow.id}/versions/abc`, { token }),
        404,
        'resource.not_found',
      );
      const bad = await http.get(`/v1/flows/${flow.id}/diff?from=one&to=draft`, { token });
      expectProblem(bad, 422, 'validation.failed');
      expect(bad.body.errors.map((e: any) => e.path)).toEqual(['/from']);
    });

    it('page versions newest first', async () => {
      const flow = await publishedFlow(http, token);
      for (let i = 0; i < 3; i++) {
        await saveDraft(http, token, flow.id, validDefinition(`https://x.example/${i}`), '*');
        await http.post(`/v1/flows/${flow.id}/publish`, {}, { token });
      }
      const first = await http.get(`/v1/flows/${flow.id}/versions?limit=3`, { token });
      expect(first.body.data.map((v: any) => v.number)).toEqual([4, 3, 2]);
      expect(first.body.data[0].definition).toBeUndefined();
      const second = await http.get(`/v1/flows/${flow.id}/versions?limit=3&cursor=${first.body.nextCursor}`, {
        token,
      });
      expect(second.body).toMatchObject({ data: [{ number: 1 }], nextCursor: null });
    });
  });

  describe('immutability', () => {
    it('the database refuses to change a published or archived definition, even as the app role', async () => {
      const flow = await publishedFlow(http, token);
      await saveDraft(http, token, flow.id, validDefinition('https://x.example/v2'), '*');
      await http.post(`/v1/flows/${flow.id}/publish`, {}, { token }); // v1 archived, v2 published
      for (const number of [1, 2]) {
        await expect(
          tenantQuery(
            api.db.appUrl,
            acme.id,
            `UPDATE flow_versions SET definition = '{}' WHERE flow_id = $1 AND number = $2`,
            [flow.id, number],
          ),
        ).rejects.toThrow(/only a draft can change/);
        await expect(
          tenantQuery(
            api.db.appUrl,
            acme.id,
            `UPDATE flow_versions SET status = 'draft' WHERE flow_id = $1 AND number = $2`,
            [flow.id, number],
          ),
        ).rejects.toThrow(/only a draft can change/);
      }
      await expect(
        tenantQuery(api.db.appUrl, acme.id, `DELETE FROM flow_versions WHERE flow_id = $1`, [flow.id]),
      ).rejects.toThrow(/permission denied/);
      const v1 = await http.get(`/v1/flows/${flow.id}/versions/1`, { token });
      expect(v1.body.definition).toEqual(validDefinition());
    });

    it('a draft stays writable in the database, and deleting a flow still takes its versions with it', async () => {
      const flow = await publishedFlow(http, token);
      await saveDraft(http, token, flow.id, validDefinition(), '*');
      const updated = await tenantQuery(
        api.db.appUrl,
        acme.id,
        `UPDATE flow_versions SET revision = revision + 1 WHERE flow_id = $1 AND status = 'draft' RETURNING number`,
        [flow.id],
      );
      expect(updated).toEqual([{ number: 2 }]);
      await tenantQuery(api.db.ownerUrl, acme.id, `DELETE FROM flows WHERE id = $1`, [flow.id]);
      expect(
        await tenantQuery(api.db.ownerUrl, acme.id, `SELECT 1 FROM flow_versions WHERE flow_id = $1`, [
          flow.id,
        ]),
      ).toEqual([]);
    });
  });

  describe('over GraphQL', () => {
    const VERSION = `number status changeNote revision`;

    it('go through the same lifecycle with revisions instead of If-Match', async () => {
      const created = await http.gql(
        `mutation($d: JSON) { createFlow(input: { name: "GraphQL lifecycle", definition: $d }) { id draft { version revision problems { path } } } }`,
        { d: invalidDefinition() },
        token,
      );
      expectGqlOk(created);
      const flowId = created.data.createFlow.id;
      expect(created.data.createFlow.draft).toEqual({
        version: 1,
        revision: 1,
        problems: [{ path: '/steps/1/config/url' }],
      });

      const refused = await http.gql(
        `mutation($f: ID!) { publishFlow(flowId: $f) { number } }`,
        { f: flowId },
        token,
      );
      expectGqlError(refused, 'flow.invalid_definition');
      expect(refused.errors![0].extensions!.errors).toEqual([
        expect.objectContaining({ path: '/steps/1/config/url' }),
      ]);

      const save = `mutation($f: ID!, $d: JSON!, $r: Int!) { saveFlowDraft(flowId: $f, definition: $d, revision: $r) { version revision saved problems { path } } }`;
      const s1 = await http.gql(save, { f: flowId, d: validDefinition(), r: 1 }, token);
      expectGqlOk(s1);
      expect(s1.data.saveFlowDraft).toEqual({ version: 1, revision: 2, saved: true, problems: [] });
      expectGqlError(
        await http.gql(save, { f: flowId, d: validDefinition(), r: 1 }, token),
        'precondition.failed',
      );

      const p1 = await http.gql(
        `mutation($f: ID!) { publishFlow(flowId: $f, changeNote: "one", revision: 2) { ${VERSION} } }`,
        { f: flowId },
        token,
      );
      expect(p1.data.publishFlow).toEqual({ number: 1, status: 'published', changeNote: 'one', revision: 2 });

      const ops = `mutation($f: ID!, $o: [JSON!]!, $r: Int!) { applyFlowOperations(flowId: $f, operations: $o, revision: $r) { version revision } }`;
      const edit = await http.gql(
        ops,
        { f: flowId, o: [{ type: 'updateStep', stepId: 'lookup', changes: { name: 'Look up' } }], r: 2 },
        token,
      );
      expect(edit.data.applyFlowOperations).toEqual({ version: 2, revision: 3 });
      await http.gql(
        `mutation($f: ID!) { publishFlow(flowId: $f, changeNote: "two") { number } }`,
        { f: flowId },
        token,
      );

      const rb = await http.gql(
        `mutation($f: ID!) { rollbackFlow(flowId: $f, version: 1) { ${VERSION} } }`,
        { f: flowId },
        token,
      );
      expect(rb.data.rollbackFlow).toMatchObject({
        number: 3,
        status: 'published',
        changeNote: 'rollback to v1',
      });

      const read = await http.gql(
        `query($f: ID!) {
           flowVersions(flowId: $f) { data { number status } nextCursor }
           flowVersion(flowId: $f, number: 3) { number definition }
           flowDraft(flowId: $f) { version revision saved }
           flowDiff(flowId: $f, from: "1", to: "2") {
             from { version status } to { version status }
             steps { added removed changed { id fields } } edges { added { from to } removed { from to } } settings { changed }
           }
         }`,
        { f: flowId },
        token,
      );
      expectGqlOk(read);
      expect(read.data.flowVersions).toEqual({
        data: [
          { number: 3, status: 'published' },
          { number: 2, status: 'archived' },
          { number: 1, status: 'archived' },
        ],
        nextCursor: null,
      });
      expect(read.data.flowVersion.definition).toEqual(validDefinition());
      expect(read.data.flowDraft).toEqual({ version: 4, revision: 4, saved: false });
      expect(read.data.flowDiff).toEqual({
        from: { version: 1, status: 'archived' },
        to: { version: 2, status: 'archived' },
        steps: { added: [], removed: [], changed: [{ id: 'lookup', fields: ['name'] }] },
        edges: { added: [], removed: [] },
        settings: { changed: [] },
      });
    });

    it('answer codes for unknown versions and bad diff sides', async () => {
      const flow = await createFlow(http, token);
      expectGqlError(
        await http.gql(
          `query($f: ID!) { flowVersion(flowId: $f, number: 7) { number } }`,
          { f: flow.id },
          token,
        ),
        'resource.not_found',
      );
      expectGqlError(
        await http.gql(
          `query($f: ID!) { flowDiff(flowId: $f, from: "x", to: "1") { from { version } } }`,
          { f: flow.id },
          token,
        ),
        'validation.failed',
      );
    });
  });
});
