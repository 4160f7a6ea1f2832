import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { expectGqlError, expectProblem } from '../../testing/problem-assertions.js';
import {
  createFlow,
  flowAudit,
  ifMatch,
  publishedFlow,
  saveDraft,
  validDefinition,
} from './testing/flow.fixtures.js';

describe('flow drafts', () => {
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

  const draftOf = (flowId: string) => http.get(`/v1/flows/${flowId}/draft`, { token });

  describe('reading', () => {
    it('answers the draft with its revision as a strong ETag and its current problems', async () => {
      const flow = await createFlow(http, token, {
        definition: { schemaVersion: 1, steps: [{ id: 'x', type: 'nope', config: {} }], edges: [] },
      });
      const res = await draftOf(flow.id);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.body).toMatchObject({ flowId: flow.id, version: 1, revision: 1, saved: true });
      expect(res.body.problems).toEqual([
        expect.objectContaining({ path: '/steps/0/type', code: 'step.unknown_type' }),
      ]);
    });
  });

  describe('saving with If-Match', () => {
    it('requires If-Match (428) and refuses a stale one (412) naming the current revision', async () => {
      const flow = await createFlow(http, token);
      const missing = await http.put(
        `/v1/flows/${flow.id}/draft`,
        { definition: validDefinition() },
        { token },
      );
      expectProblem(missing, 428, 'precondition.required');
      const stale = await saveDraft(http, token, flow.id, validDefinition(), 7);
      expectProblem(stale, 412, 'precondition.failed');
      expect(stale.body.currentRevision).toBe(1);
      for (const header of ['W/"1"', '1', 'garbage']) {
        expectProblem(
          await saveDraft(http, token, flow.id, validDefinition(), header),
          412,
          'precondition.failed',
        );
      }
      expect((await draftOf(flow.id)).body.revision).toBe(1);
    });

    it('lets exactly one of two concurrent saves with the same If-Match through', async () => {
      const flow = await createFlow(http, token);
      const results = await Promise.all(
        ['https://a.example', 'https://b.example'].map((url) =>
          saveDraft(http, token, flow.id, validDefinition(url), 1),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const loser = results.find((r) => r.status === 412)!;
      expect(loser.body).toMatchObject({ code: 'precondition.failed', currentRevision: 2 });
      const draft = await draftOf(flow.id);
      expect(draft.body.revision).toBe(2);
      expect(draft.body.definition).toEqual(winner.body.definition);
    });

    it('accepts a list of tags and the * wildcard as an explicit overwrite', async () => {
      const flow = await createFlow(http, token);
      expect((await saveDraft(http, token, flow.id, validDefinition(), '"9", "1"')).status).toBe(200);
      const forced = await saveDraft(http, token, flow.id, validDefinition(), '*');
      expect(forced.status).toBe(200);
      expect(forced.headers.get('etag')).toBe('"3"');
    });

    it('stores an invalid but well-formed draft with its problems, and refuses a malformed one with paths', async () => {
      const flow = await createFlow(http, token);
      const invalid = await saveDraft(
        http,
        token,
        flow.id,
        { schemaVersion: 1, steps: [], edges: [{ from: 'a', to: 'b' }] },
        1,
      );
      expect(invalid.status).toBe(200);
      expect(invalid.body.problems.map((p: any) => p.path)).toEqual(['/edges/0/from', '/edges/0/to']);
      const malformed = await saveDraft(
        http,
        token,
        flow.id,
        { schemaVersion: 2, steps: 'all', edges: [] },
        2,
      );
      expectProblem(malformed, 422, 'validation.failed');
      expect(malformed.body.errors.map((e: any) => e.path)).toEqual([
        '/definition/schemaVersion',
        '/definition/steps',
      ]);
      const notObject = await saveDraft(http, token, flow.id, [1, 2], 2);
      expectProblem(notObject, 422, 'validation.failed');
      expect(notObject.body.errors.map((e: any) => e.path)).toEqual(['/definition']);
      const extra = await http.put(
        `/v1/flows/${flow.id}/draft`,
        { definition: validDefinition(), force: true },
        { token, headers: ifMatch(2) },
      );
      expectProblem(extra, 422, 'validation.failed');
      expect(extra.body.errors).toEqual([expect.objectContaining({ path: '/force', code: 'field.unknown' })]);
    });

    it('records each save with revision numbers only', async () => {
      const flow = await createFlow(http, token);
      await saveDraft(http, token, flow.id, validDefinition(), 1);
      const saved = (await flowAudit(api.db.ownerUrl, acme.id, flow.id)).filter(
        (r) => r.action === 'flow.draft_saved',
      );
      expect(saved).toEqual([
        expect.objectContaining({
          actor_type: 'user',
          before: { version: 1, revision: 1, saved: true },
          after: { version: 1, revision: 2, via: 'replace' },
        }),
      ]);
    });
  });

  describe('after a publish', () => {
    it('offers the published definition as the next version without writing, and creates it on the first save', async () => {
      const flow = await publishedFlow(http, token);
      const offered = await draftOf(flow.id);
      expect(offered.body).toMatchObject({
        version: 2,
        revision: 1,
        saved: false,
        definition: validDefinition(),
        problems: [],
      });
      expect((await http.get(`/v1/flows/${flow.id}`, { token })).body).toMatchObject({
        draftRevision: null,
        latestVersion: 1,
      });
      const saved = await saveDraft(
        http,
        token,
        flow.id,
        validDefinition('https://next.example'),
        offered.body.revision,
      );
      expect(saved.body).toMatchObject({ version: 2, revision: 2, saved: true });
      expect((await http.get(`/v1/flows/${flow.id}`, { token })).body).toMatchObject({
        draftRevision: 2,
        latestVersion: 2,
      });
    });

    it('never lets an ETag from before a rollback match the draft after it', async () => {
      const flow = await publishedFlow(http, token);
      await saveDraft(http, token, flow.id, validDefinition('https://v2.example'), '*');
      await http.post(`/v1/flows/${flow.id}/publish`, {}, { token });
      const before = (await draftOf(flow.id)).body.revision;
      await http.post(`/v1/flows/${flow.id}/rollback`, { version: 1 }, { token });
      const after = await draftOf(flow.id);
      expect(after.body.definition).toEqual(validDefinition());
      expect(after.body.revision).not.toBe(before);
      expectProblem(
        await saveDraft(http, token, flow.id, validDefinition('https://stale.example'), before),
        412,
        'precondition.failed',
      );
    });
  });

  describe('operations (PATCH)', () => {
    it('applies the domain operations in order and answers the new revision', async () => {
      const flow = await createFlow(http, token);
      const res = await http.patch(
        `/v1/flows/${flow.id}/draft`,
        {
          operations: [
            {
              type: 'addStep',
              step: { id: 'fetch', type: 'http', config: { method: 'GET', url: 'https://x.example' } },
            },
            {
              type: 'addStep',
              step: { id: 'shape', type: 'transform', config: { expression: 'steps.fetch.output.body' } },
            },
            { type: 'connect', edge: { from: 'fetch', to: 'shape' } },
            { type: 'renameStep', stepId: 'fetch', newId: 'load' },
          ],
        },
        { token, headers: ifMatch(1) },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      expect(res.body.problems).toEqual([]);
      expect(res.body.definition.steps.map((s: any) => s.id)).toEqual(['load', 'shape']);
      expect(res.body.definition.steps[1].config.expression).toBe('steps.load.output.body');
      expect(res.body.definition.edges).toEqual([{ from: 'load', to: 'shape' }]);
    });

    it('applies all or none, naming the failing operation by its index', async () => {
      const flow = await createFlow(http, token);
      const res = await http.patch(
        `/v1/flows/${flow.id}/draft`,
        {
          operations: [
            { type: 'addStep', step: { id: 'a', type: 'transform', config: { expression: '1' } } },
            { type: 'removeStep', stepId: 'ghost' },
          ],
        },
        { token, headers: ifMatch(1) },
      );
      expectProblem(res, 422, 'validation.failed');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: '/operations/1/stepId', code: 'operation.unknown_step' }),
      ]);
      expect((await draftOf(flow.id)).body).toMatchObject({ revision: 1, definition: { steps: [] } });
    });

    it('refuses malformed operations with their paths, and needs If-Match like PUT', async () => {
      const flow = await createFlow(http, token);
      const bad = await http.patch(
        `/v1/flows/${flow.id}/draft`,
        { operations: [{ type: 'explode' }, { type: 'moveStep', stepId: 'a' }] },
        { token, headers: ifMatch(1) },
      );
      expectProblem(bad, 422, 'validation.failed');
      expect(bad.body.errors.map((e: any) => e.path)).toEqual([
        '/operations/0/type',
        '/operations/1/position',
      ]);
      const missing = await http.patch(`/v1/flows/${flow.id}/draft`, { operations: [] }, { token });
      expectProblem(missing, 428, 'precondition.required');
    });

    it('answers precondition.failed over GraphQL for a stale revision', async () => {
      const flow = await createFlow(http, token);
      const body = await http.gql(
        `mutation($f: ID!) { applyFlowOperations(flowId: $f, operations: [{ type: "setOutput", output: 1 }], revision: 5) { revision } }`,
        { f: flow.id },
        token,
      );
      expectGqlError(body, 'precondition.failed');
    });
  });
});
