import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectGqlOk, expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { createFlow, saveDraft } from '../flows/testing/flow.fixtures.js';
import { greetingDefinition, runAudit, runnableFlow, runsQueue, startRun } from './testing/run.fixtures.js';

/**
 * Runs without a worker: what the API writes and enqueues, and what it refuses. Execution (wait,
 * events, cancel of a running run, retry and resume outcomes) is in tests/system/runs-api.int-spec.ts.
 */
describe('runs API (no worker)', () => {
  let api: TestApi;
  let http: HttpClient;
  let acme: TestTenant;
  let queue: Queue;
  let closeQueue: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    http = new HttpClient(api.baseUrl);
    acme = await createTestTenant(http, api.db.ownerUrl);
    token = acme.owner.accessToken;
    ({ queue, close: closeQueue } = runsQueue(api.config.redisUrl, api.config.redisPrefix));
  });
  afterAll(async () => {
    await closeQueue?.();
    await api?.close();
  });

  const runRow = async (id: string) =>
    (await tenantQuery(api.db.ownerUrl, acme.id, `SELECT * FROM runs WHERE id = $1`, [id]))[0];

  describe('start', () => {
    it('inserts a queued run of the published version and enqueues a job carrying ids only', async () => {
      const flowId = await runnableFlow(http, token);
      const res = await startRun(http, token, flowId, { input: { name: 'Ada' } });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toEqual({ id: expect.any(String), status: 'queued', url: `/v1/runs/${res.body.id}` });
      expect(res.headers.get('location')).toBe(`/v1/runs/${res.body.id}`);

      const row = await runRow(res.body.id);
      expect(row).toMatchObject({
        flow_id: flowId,
        version_number: 1,
        status: 'queued',
        trigger: 'manual',
        is_test: false,
        definition: null,
        input: { name: 'Ada' },
      });
      const job = await queue.getJob(res.body.id);
      expect(job?.id).toBe(res.body.id);
      expect(job?.data).toEqual({ tenantId: acme.id, runId: res.body.id, v: 1 });
    });

    it('answers the run with its (still empty) step runs on GET', async () => {
      const flowId = await runnableFlow(http, token);
      const { body } = await startRun(http, token, flowId);
      const res = await http.get(`/v1/runs/${body.id}`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: body.id,
        flowId,
        version: 1,
        status: 'queued',
        trigger: 'manual',
        isTest: false,
        input: { name: 'Ada' },
        output: null,
        error: null,
        steps: [],
      });
    });

    it('with wait, answers 202 when nothing runs the run in time', async () => {
      const flowId = await runnableFlow(http, token);
      const res = await startRun(http, token, flowId, { input: { name: 'Ada' }, wait: 1 });
      expect(res.status).toBe(202);
      expect(res.body.status).toBe('queued');
    });

    it('refuses an input that does not match the inputSchema, with paths under /input', async () => {
      const flowId = await runnableFlow(http, token);
      const res = await startRun(http, token, flowId, { input: { age: -1, name: '' } });
      expectProblem(res, 422, 'validation.failed');
      const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['/input/age', '/input/name']);
      const missing = await startRun(http, token, flowId, {});
      expectProblem(missing, 422, 'validation.failed');
      expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['/input/name']);
    });

    it('refuses malformed version and wait values', async () => {
      const flowId = await runnableFlow(http, token);
      for (const body of [{ version: 0 }, { version: 'latest' }, { wait: 31 }, { wait: -1 }, { wait: 1.5 }]) {
        const res = await startRun(http, token, flowId, { input: { name: 'x' }, ...body });
        expectProblem(res, 422, 'validation.failed');
      }
    });

    it('runs a given version number, and answers 404 for a version that does not exist', async () => {
      const flowId = await runnableFlow(http, token, greetingDefinition('Hi'));
      await saveDraft(http, token, flowId, greetingDefinition('Hey'), '*');
      expect((await http.post(`/v1/flows/${flowId}/publish`, {}, { token })).status).toBe(200);
      const v1 = await startRun(http, token, flowId, { input: { name: 'Ada' }, version: 1 });
      expect((await runRow(v1.body.id)).version_number).toBe(1);
      const latest = await startRun(http, token, flowId);
      expect((await runRow(latest.body.id)).version_number).toBe(2);
      expectProblem(
        await startRun(http, token, flowId, { input: { name: 'x' }, version: 9 }),
        404,
        'resource.not_found',
      );
    });

    it('refuses the published default when nothing is published (flow.not_published)', async () => {
      const flowId = await runnableFlow(http, token, greetingDefinition(), false);
      expectProblem(await startRun(http, token, flowId), 409, 'flow.not_published');
    });

    it('runs the draft as a test run with a snapshot of the draft definition', async () => {
      const flowId = await runnableFlow(http, token, greetingDefinition('Hi'));
      await saveDraft(http, token, flowId, greetingDefinition('Draft'), '*');
      const res = await startRun(http, token, flowId, { input: { name: 'Ada' }, version: 'draft' });
      expect(res.status).toBe(202);
      const row = await runRow(res.body.id);
      expect(row).toMatchObject({ is_test: true, version_number: 2 });
      expect(row.definition.steps[0].config.expression).toBe('"Draft " & input.name');
      // Editing the draft afterwards leaves the run's snapshot alone.
      await saveDraft(http, token, flowId, greetingDefinition('Later'), '*');
      expect((await runRow(res.body.id)).definition.steps[0].config.expression).toBe('"Draft " & input.name');
      expect((await http.get(`/v1/runs/${res.body.id}`, { token })).body.isTest).toBe(true);
    });

    it('refuses a draft with problems (422 flow.invalid_definition with paths)', async () => {
      const flow = await createFlow(http, token, {
        definition: {
          schemaVersion: 1,
          steps: [{ id: 'call', type: 'http', config: { method: 'GET' } }],
          edges: [],
        },
      });
      const res = await startRun(http, token, flow.id, { version: 'draft' });
      expectProblem(res, 422, 'flow.invalid_definition');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/steps/0/config/url');
    });

    it('refuses to start a run of an archived flow', async () => {
      const flowId = await runnableFlow(http, token);
      await http.post(`/v1/flows/${flowId}/archive`, {}, { token });
      expectProblem(await startRun(http, token, flowId), 409, 'flow.archived');
    });
  });

  describe('idempotency keys', () => {
    it('answers the same run (200) to the same key and body, without a second job', async () => {
      const flowId = await runnableFlow(http, token);
      const headers = { 'idempotency-key': 'order-1' };
      const first = await startRun(http, token, flowId, { input: { name: 'Ada' } }, headers);
      expect(first.status).toBe(202);
      // Key order of the input does not make it another request.
      const again = await startRun(http, token, flowId, { input: { name: 'Ada' }, wait: 0 }, headers);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, status: 'queued' });
      const count = await tenantQuery(
        api.db.ownerUrl,
        acme.id,
        `SELECT count(*)::int AS n FROM runs WHERE flow_id = $1`,
        [flowId],
      );
      expect(count[0].n).toBe(1);
    });

    it('refuses the same key with another body (422 idempotency.key_reused)', async () => {
      const flowId = await runnableFlow(http, token);
      const headers = { 'idempotency-key': 'order-2' };
      await startRun(http, token, flowId, { input: { name: 'Ada' } }, headers);
      expectProblem(
        await startRun(http, token, flowId, { input: { name: 'Bob' } }, headers),
        422,
        'idempotency.key_reused',
      );
      expectProblem(
        await startRun(http, token, flowId, { input: { name: 'Ada' }, version: 1 }, headers),
        422,
        'idempotency.key_reused',
      );
    });

    it('starts one run for concurrent starts with one key', async () => {
      const flowId = await runnableFlow(http, token);
      const headers = { 'idempotency-key': `race-${Date.now()}` };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => startRun(http, token, flowId, { input: { name: 'Ada' } }, headers)),
      );
      const ids = new Set(answers.map((a) => a.body.id));
      expect(
        answers.map((a) => a.status).every((s) => s === 200 || s === 202),
        JSON.stringify(answers.map((a) => a.body)),
      ).toBe(true);
      expect(ids.size).toBe(1);
      expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    });

    it('scopes a key to its flow', async () => {
      const [a, b] = [await runnableFlow(http, token), await runnableFlow(http, token)];
      const headers = { 'idempotency-key': 'shared-key' };
      const ra = await startRun(http, token, a, undefined, headers);
      const rb = await startRun(http, token, b, undefined, headers);
      expect(rb.status).toBe(202);
      expect(rb.body.id).not.toBe(ra.body.id);
    });

    it('refuses a key that is too long or not printable', async () => {
      const flowId = await runnableFlow(http, token);
      for (const key of ['x'.repeat(256), 'has space']) {
        expectProblem(
          await startRun(http, token, flowId, undefined, { 'idempotency-key': key }),
          422,
          'validation.failed',
        );
      }
    });
  });

  describe('list', () => {
    it('filters by flow, status, trigger, test runs and time, newest first, with a cursor', async () => {
      const flowId = await runnableFlow(http, token);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await startRun(http, token, flowId)).body.id);
      const test = (await startRun(http, token, flowId, { input: { name: 'T' }, version: 'draft' })).body.id;
      await http.post(`/v1/runs/${ids[0]}/cancel`, {}, { token });

      const all = await http.get(`/v1/runs?flowId=${flowId}&limit=100`, { token });
      expect(all.body.data.map((r: { id: string }) => r.id)).toEqual([test, ...[...ids].reverse()]);

      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await http.get(
          `/v1/flows/${flowId}/runs?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { token },
        );
        expect(page.status).toBe(200);
        pages.push(...page.body.data.map((r: { id: string }) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(pages).toEqual([test, ...[...ids].reverse()]);

      const cancelled = await http.get(`/v1/runs?flowId=${flowId}&status=cancelled`, { token });
      expect(cancelled.body.data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
      const multi = await http.get(`/v1/runs?flowId=${flowId}&status=cancelled&status=queued`, { token });
      expect(multi.body.data).toHaveLength(6);
      const tests = await http.get(`/v1/runs?flowId=${flowId}&isTest=true`, { token });
      expect(tests.body.data.map((r: { id: string }) => r.id)).toEqual([test]);
      const noTests = await http.get(`/v1/runs?flowId=${flowId}&isTest=false`, { token });
      expect(noTests.body.data).toHaveLength(5);
      const manual = await http.get(`/v1/runs?flowId=${flowId}&trigger=api,retry`, { token });
      expect(manual.body.data).toEqual([]);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await http.get(`/v1/runs?flowId=${flowId}&from=${future}`, { token })).body.data).toEqual([]);
      expect((await http.get(`/v1/runs?flowId=${flowId}&to=${future}`, { token })).body.data).toHaveLength(6);
    });

    it('refuses bad filters and a forged cursor', async () => {
      expectProblem(await http.get('/v1/runs?status=nope', { token }), 422, 'validation.failed');
      expectProblem(await http.get('/v1/runs?limit=101', { token }), 422, 'validation.failed');
      expectProblem(await http.get('/v1/runs?from=yesterday', { token }), 422, 'validation.failed');
      const forged = Buffer.from(JSON.stringify({ t: 'x', id: 'y' })).toString('base64url');
      const res = await http.get(`/v1/runs?cursor=${forged}`, { token });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('lists runs over GraphQL with the same filters', async () => {
      const flowId = await runnableFlow(http, token);
      const id = (await startRun(http, token, flowId)).body.id;
      const body = await http.gql(
        `query($f: RunFilter) { runs(filter: $f, limit: 10) { data { id status trigger } nextCursor } }`,
        { f: { flowId, status: ['queued'] } },
        token,
      );
      expectGqlOk(body);
      expect(body.data.runs).toEqual({
        data: [{ id, status: 'queued', trigger: 'manual' }],
        nextCursor: null,
      });
    });
  });

  describe('cancel', () => {
    it('cancels a queued run at once, removes its job and audits it', async () => {
      const flowId = await runnableFlow(http, token);
      const { body } = await startRun(http, token, flowId);
      expect(await queue.getJob(body.id)).toBeTruthy();
      const res = await http.post(`/v1/runs/${body.id}/cancel`, {}, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: body.id, status: 'cancelled', error: { code: 'run.cancelled' } });
      expect(await queue.getJob(body.id)).toBeUndefined();
      expect(await runAudit(api.db.ownerUrl, acme.id, body.id)).toEqual([
        expect.objectContaining({
          action: 'run.cancelled',
          actor_type: 'user',
          before: { status: 'queued' },
          after: { status: 'cancelled', cancelRequested: false },
        }),
      ]);
      expectProblem(await http.post(`/v1/runs/${body.id}/cancel`, {}, { token }), 409, 'run.not_cancellable');
    });

    it('marks a running run as cancel-requested and leaves the status to its worker', async () => {
      const flowId = await runnableFlow(http, token);
      const { body } = await startRun(http, token, flowId);
      await tenantQuery(
        api.db.ownerUrl,
        acme.id,
        `UPDATE runs SET status = 'running', started_at = now() WHERE id = $1`,
        [body.id],
      );
      const res = await http.post(`/v1/runs/${body.id}/cancel`, {}, { token });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('running');
      expect(res.body.cancelRequestedAt).toEqual(expect.any(String));
    });
  });

  describe('retry and resume', () => {
    it('retries a finished run as a new run of the same version and input, audited', async () => {
      const flowId = await runnableFlow(http, token);
      const { body } = await startRun(http, token, flowId, { input: { name: 'Ada', age: 3 } });
      expectProblem(await http.post(`/v1/runs/${body.id}/retry`, {}, { token }), 409, 'run.not_retryable');
      await http.post(`/v1/runs/${body.id}/cancel`, {}, { token });
      const res = await http.post(`/v1/runs/${body.id}/retry`, {}, { token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'queued',
        trigger: 'retry',
        retryOfRunId: body.id,
        version: 1,
        input: { name: 'Ada', age: 3 },
      });
      expect((await queue.getJob(res.body.id))?.data).toEqual({
        tenantId: acme.id,
        runId: res.body.id,
        v: 1,
      });
      const audit = await runAudit(api.db.ownerUrl, acme.id, body.id);
      expect(audit.map((a) => a.action)).toEqual(['run.cancelled', 'run.retried']);
      expect(audit[1].after).toMatchObject({ runId: res.body.id });
    });

    it('resumes only a failed run, from its failed step', async () => {
      const flowId = await runnableFlow(http, token);
      const { body } = await startRun(http, token, flowId);
      expectProblem(await http.post(`/v1/runs/${body.id}/resume`, {}, { token }), 409, 'run.not_resumable');
      await tenantQuery(
        api.db.ownerUrl,
        acme.id,
        `UPDATE runs SET status = 'failed', finished_at = now(),
                error = '{"code":"step.failed","message":"boom","stepId":"shout"}' WHERE id = $1`,
        [body.id],
      );
      const res = await http.post(`/v1/runs/${body.id}/resume`, {}, { token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'queued',
        trigger: 'retry',
        resumedFromRunId: body.id,
        resumeFromStep: 'shout',
      });
      const audit = await runAudit(api.db.ownerUrl, acme.id, body.id);
      expect(audit.map((a) => a.action)).toEqual(['run.resumed']);
    });
  });

  describe('GraphQL', () => {
    it('starts, reads, cancels and retries a run through the same service', async () => {
      const flowId = await runnableFlow(http, token);
      const started = await http.gql(
        `mutation($flowId: ID!, $input: StartRunInput) { startRun(flowId: $flowId, input: $input) { id status trigger isTest steps { stepId } } }`,
        { flowId, input: { input: { name: 'Ada' }, version: 'draft', idempotencyKey: 'gql-1' } },
        token,
      );
      expectGqlOk(started);
      expect(started.data.startRun).toMatchObject({
        status: 'queued',
        trigger: 'manual',
        isTest: true,
        steps: [],
      });
      const id = started.data.startRun.id;
      const read = await http.gql(`query($id: ID!) { run(id: $id) { id input } }`, { id }, token);
      expect(read.data.run).toEqual({ id, input: { name: 'Ada' } });
      const cancelled = await http.gql(`mutation($id: ID!) { cancelRun(id: $id) { status } }`, { id }, token);
      expect(cancelled.data.cancelRun.status).toBe('cancelled');
      const retried = await http.gql(
        `mutation($id: ID!) { retryRun(id: $id) { retryOfRunId trigger } }`,
        { id },
        token,
      );
      expect(retried.data.retryRun).toEqual({ retryOfRunId: id, trigger: 'retry' });
      const invalid = await http.gql(
        `mutation($flowId: ID!) { startRun(flowId: $flowId, input: { input: { age: 1 } }) { id } }`,
        { flowId },
        token,
      );
      expect(invalid.errors?.[0]?.extensions?.code).toBe('validation.failed');
      expect(invalid.errors?.[0]?.extensions?.errors.map((e: { path: string }) => e.path)).toEqual([
        '/input/name',
      ]);
    });
  });
});
