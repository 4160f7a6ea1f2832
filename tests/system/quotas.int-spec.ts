import { waitFor } from '@stepline/server/testing';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../apps/api/src/testing/problem-assertions.js';
import { tenantQuery } from '../../apps/api/src/testing/tenant-db.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { runnableFlow, runsQueue, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { startFakeHttpServer, type FakeHttpServer } from '../../apps/worker/src/testing/fake-http-server.js';
import { RunAdmitter } from '../../apps/worker/src/admission/run-admitter.js';
import { UsageAggregator } from '../../apps/worker/src/admission/usage-aggregator.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/** One step that asks the fake server, which answers only when the test releases it. */
const heldDefinition = (url: string) => ({
  schemaVersion: 1,
  steps: [{ id: 'ask', type: 'http', config: { method: 'GET', url } }],
  edges: [],
});
const quickDefinition = () => ({
  schemaVersion: 1,
  steps: [{ id: 'one', type: 'transform', config: { expression: '1' } }],
  edges: [],
});

/**
 * Quotas and fair admission with the API and a worker in process (issue 10, docs/adr/0007):
 * run starts per minute answer 429 with Retry-After at every entry point, payloads over the
 * tenant's limit 413, runs past a tenant's concurrency wait in Postgres and start as slots free
 * without touching other tenants, and usage is recorded per day for admins only.
 */
describe('quotas and fair admission', () => {
  let system: TestSystem;
  let fake: FakeHttpServer;
  const held: ServerResponse[] = [];
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    system = await startTestSystem({
      env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32', ADMISSION_POLL_INTERVAL_MS: '200' },
    });
    fake = await startFakeHttpServer((_req, res) => {
      held.push(res);
    });
    acme = await system.tenant();
    globex = await system.tenant();
  });
  afterAll(async () => {
    for (const res of held.splice(0)) res.end('{}');
    await system?.close();
    await fake?.close();
  });

  const release = () => {
    for (const res of held.splice(0)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }
  };
  const settings = async (t: TestTenant, values: Record<string, number>) => {
    const res = await system.http.patch('/v1/tenant', { settings: values }, { token: t.owner.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const slots = async (t: TestTenant) =>
    (
      await tenantQuery<{ held: number; pending: number }>(
        system.db.ownerUrl,
        t.id,
        `SELECT count(*) FILTER (WHERE admission = 'held')::int AS held,
                count(*) FILTER (WHERE admission = 'pending')::int AS pending FROM runs`,
      )
    )[0];
  const statusOf = async (t: TestTenant, runId: string) =>
    (await system.http.get(`/v1/runs/${runId}`, { token: t.owner.accessToken })).body.status as string;
  const jobOf = async (runId: string) => {
    const { queue, close } = runsQueue(system.redis.url, system.redis.prefix);
    try {
      return (await queue.getJob(runId)) !== undefined;
    } finally {
      await close();
    }
  };

  it('keeps a tenant’s runs past its concurrency queued without a job, and starts them as slots free', async () => {
    await settings(acme, { maxConcurrentRuns: 2 });
    const slow = await runnableFlow(
      system.http,
      acme.owner.accessToken,
      heldDefinition(`${fake.origin}/hold`),
    );
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await startRun(system.http, acme.owner.accessToken, slow, { input: {} });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      ids.push(res.body.id);
    }
    await waitFor(() => held.length === 2, { what: 'two runs asking the fake server' });
    expect(await slots(acme)).toEqual({ held: 2, pending: 3 });
    for (const id of ids.slice(2)) {
      expect(await statusOf(acme, id)).toBe('queued');
      expect(await jobOf(id)).toBe(false);
    }

    // Another tenant is not held up by acme's backlog.
    const quick = await runnableFlow(system.http, globex.owner.accessToken, quickDefinition());
    const other = await startRun(system.http, globex.owner.accessToken, quick, { input: {}, wait: 20 });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect(other.body.status).toBe('succeeded');

    // Each finished run frees a slot for the next; never more than two at once.
    for (let done = 0; done < 5;) {
      await waitFor(() => held.length > 0, { what: 'a run asking the fake server' });
      expect(held.length).toBeLessThanOrEqual(2);
      expect((await slots(acme)).held).toBeLessThanOrEqual(2);
      done += held.length;
      release();
    }
    for (const id of ids) {
      await waitFor(async () => (await statusOf(acme, id)) === 'succeeded', { timeoutMs: 20_000, what: id });
    }
    expect(await slots(acme)).toEqual({ held: 0, pending: 0 });
  });

  it('never admits past the cap when many runs start at once', async () => {
    await settings(acme, { maxConcurrentRuns: 3 });
    const slow = await runnableFlow(
      system.http,
      acme.owner.accessToken,
      heldDefinition(`${fake.origin}/burst`),
    );
    const starts = await Promise.all(
      Array.from({ length: 12 }, () => startRun(system.http, acme.owner.accessToken, slow, { input: {} })),
    );
    expect(starts.map((s) => s.status)).toEqual(Array(12).fill(202));
    await waitFor(() => held.length === 3, { what: 'three runs asking the fake server' });
    expect(await slots(acme)).toEqual({ held: 3, pending: 9 });
    // Cancelling a pending run takes it out of the line; it never starts.
    const pendingId = starts[11].body.id as string;
    const cancel = await system.http.post(
      `/v1/runs/${pendingId}/cancel`,
      {},
      { token: acme.owner.accessToken },
    );
    expect(cancel.status, JSON.stringify(cancel.body)).toBeLessThan(300);
    expect((await slots(acme)).pending).toBe(8);
    for (let done = 0; done < 11;) {
      await waitFor(() => held.length > 0, { what: 'a run asking the fake server' });
      expect((await slots(acme)).held).toBeLessThanOrEqual(3);
      done += held.length;
      release();
    }
    await waitFor(async () => (await slots(acme)).held === 0, { timeoutMs: 20_000, what: 'all slots free' });
    expect(await statusOf(acme, pendingId)).toBe('cancelled');
  });

  it('keeps admitting when the admitter loses its notification connection, and listens again', async () => {
    const admitter = system.workers[0]!.get(RunAdmitter) as unknown as {
      listener?: { emit(e: string, x: unknown): void };
    };
    const lost = admitter.listener;
    expect(lost).toBeDefined();
    lost!.emit('error', new Error('connection lost (test)'));
    await settings(acme, { maxConcurrentRuns: 1 });
    const slow = await runnableFlow(
      system.http,
      acme.owner.accessToken,
      heldDefinition(`${fake.origin}/lost`),
    );
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push((await startRun(system.http, acme.owner.accessToken, slow, { input: {} })).body.id);
    for (let done = 0; done < 2;) {
      await waitFor(() => held.length > 0, { what: 'a run asking the fake server' });
      done += held.length;
      release();
    }
    for (const id of ids) {
      await waitFor(async () => (await statusOf(acme, id)) === 'succeeded', { timeoutMs: 20_000, what: id });
    }
    await waitFor(() => admitter.listener !== undefined && admitter.listener !== lost, {
      timeoutMs: 15_000,
      what: 'the admitter to listen again',
    });
  });

  it('answers 429 with Retry-After over REST and GraphQL once the run starts per minute are used up', async () => {
    const t = await system.tenant();
    await settings(t, { runStartsPerMinute: 2 });
    const flow = await runnableFlow(system.http, t.owner.accessToken, quickDefinition());
    for (let i = 0; i < 2; i++) {
      expect((await startRun(system.http, t.owner.accessToken, flow, { input: {} })).status).toBe(202);
    }
    const refused = await startRun(system.http, t.owner.accessToken, flow, { input: {} });
    expectProblem(refused, 429, 'quota.run_starts_exceeded');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const gql = await system.http.gql(
      `mutation($flowId: ID!) { startRun(flowId: $flowId, input: { input: {} }) { id } }`,
      { flowId: flow },
      t.owner.accessToken,
    );
    expect(gql.errors?.[0]?.extensions?.code).toBe('quota.run_starts_exceeded');
    expect(gql.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);

    // A retry is a run start too.
    const runs = await system.http.get(`/v1/flows/${flow}/runs`, { token: t.owner.accessToken });
    const retry = await system.http.post(
      `/v1/runs/${runs.body.data[0].id}/retry`,
      {},
      { token: t.owner.accessToken },
    );
    expectProblem(retry, 429, 'quota.run_starts_exceeded');

    // Another tenant's budget is its own.
    const other = await runnableFlow(system.http, globex.owner.accessToken, quickDefinition());
    expect((await startRun(system.http, globex.owner.accessToken, other, { input: {} })).status).toBe(202);
  });

  it('takes a run start only for a run that starts: a refused input costs none', async () => {
    const t = await system.tenant();
    await settings(t, { runStartsPerMinute: 2 });
    const flow = await runnableFlow(system.http, t.owner.accessToken, {
      ...quickDefinition(),
      inputSchema: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } },
    });
    for (let i = 0; i < 3; i++) {
      expectProblem(
        await startRun(system.http, t.owner.accessToken, flow, { input: {} }),
        422,
        'validation.failed',
      );
    }
    for (let i = 0; i < 2; i++) {
      expect((await startRun(system.http, t.owner.accessToken, flow, { input: { n: i } })).status).toBe(202);
    }
    expectProblem(
      await startRun(system.http, t.owner.accessToken, flow, { input: { n: 3 } }),
      429,
      'quota.run_starts_exceeded',
    );
  });

  it('answers 429 with Retry-After on a webhook and on an event that would start a run', async () => {
    const t = await system.tenant();
    await settings(t, { runStartsPerMinute: 1 });
    const flow = await runnableFlow(system.http, t.owner.accessToken, quickDefinition());
    const hook = await system.http.post(`/v1/flows/${flow}/triggers`, {}, { token: t.owner.accessToken });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const call = () => fetch(`${system.baseUrl}${hook.body.url}`, { method: 'POST', body: '{}' });
    expect((await call()).status).toBe(202);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).code).toBe('quota.run_starts_exceeded');

    const trigger = await system.http.post(
      `/v1/flows/${flow}/triggers`,
      { kind: 'event', config: { event: 'order.placed' } },
      { token: t.owner.accessToken },
    );
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(201);
    const event = await system.http.post(
      '/v1/events',
      { name: 'order.placed', id: 'evt-1', payload: {} },
      { token: t.owner.accessToken },
    );
    expectProblem(event, 429, 'quota.run_starts_exceeded');
    expect(Number(event.headers.get('retry-after'))).toBeGreaterThan(0);
    // An event that starts nothing is not a run start.
    const quiet = await system.http.post(
      '/v1/events',
      { name: 'nobody.listens', payload: {} },
      { token: t.owner.accessToken },
    );
    expect(quiet.status, JSON.stringify(quiet.body)).toBe(202);
  });

  it('refuses a run input or event payload over the tenant’s payload limit with 413', async () => {
    const t = await system.tenant();
    await settings(t, { maxPayloadBytes: 1024 });
    const flow = await runnableFlow(system.http, t.owner.accessToken, quickDefinition());
    const big = { text: 'x'.repeat(2000) };
    expectProblem(
      await startRun(system.http, t.owner.accessToken, flow, { input: big }),
      413,
      'quota.payload_too_large',
    );
    const event = await system.http.post(
      '/v1/events',
      { name: 'big', payload: big },
      { token: t.owner.accessToken },
    );
    expectProblem(event, 413, 'quota.payload_too_large');
    expect(
      (await startRun(system.http, t.owner.accessToken, flow, { input: { text: 'small' } })).status,
    ).toBe(202);
  });

  it('fails a run that would start more steps than the tenant’s maxStepsPerRun', async () => {
    const t = await system.tenant();
    await settings(t, { maxStepsPerRun: 2 });
    const three = {
      schemaVersion: 1,
      steps: ['a', 'b', 'c'].map((id) => ({ id, type: 'transform', config: { expression: '1' } })),
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
    };
    const flow = await runnableFlow(system.http, t.owner.accessToken, three);
    const res = await startRun(system.http, t.owner.accessToken, flow, { input: {}, wait: 20 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('failed');
    expect(res.body.error).toMatchObject({ code: 'quota.max_steps_exceeded', stepId: 'c' });
    expect(res.body.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['a', 'b']);
  });

  it('truncates a step output past the tenant’s maxStepOutputBytes with the marker', async () => {
    const t = await system.tenant();
    await settings(t, { maxStepOutputBytes: 1024 });
    const big = {
      schemaVersion: 1,
      steps: [{ id: 'big', type: 'transform', config: { expression: '$join([1..400].("xxxxx"))' } }],
      edges: [],
    };
    const flow = await runnableFlow(system.http, t.owner.accessToken, big);
    const res = await startRun(system.http, t.owner.accessToken, flow, { input: {}, wait: 20 });
    expect(res.body.status, JSON.stringify(res.body)).toBe('succeeded');
    expect(res.body.steps[0].outputTruncated).toBe(true);
  });

  it('refuses quota settings out of bounds', async () => {
    const res = await system.http.patch(
      '/v1/tenant',
      { settings: { maxConcurrentRuns: 0, maxPayloadBytes: 10 } },
      { token: acme.owner.accessToken },
    );
    expectProblem(res, 422, 'validation.failed');
  });

  it('records runs, steps and step-seconds per day, shown to admins only and per tenant', async () => {
    const t = await system.tenant();
    const flow = await runnableFlow(system.http, t.owner.accessToken, quickDefinition());
    for (let i = 0; i < 3; i++) {
      const res = await startRun(system.http, t.owner.accessToken, flow, { input: {}, wait: 20 });
      expect(res.body.status).toBe('succeeded');
    }
    await system.workers[0].get(UsageAggregator).refresh();
    const today = new Date().toISOString().slice(0, 10);
    const usage = await system.http.get(`/v1/usage?from=${today}&to=${today}`, {
      token: t.users.admin.accessToken,
    });
    expect(usage.status, JSON.stringify(usage.body)).toBe(200);
    expect(usage.body.days).toEqual([{ day: today, runs: 3, steps: 3, stepSeconds: expect.any(Number) }]);
    expect(usage.body.quotas).toMatchObject({ maxConcurrentRuns: 100, runStartsPerMinute: 6000 });

    const month = await system.http.get('/v1/usage', { token: t.users.admin.accessToken });
    expect(month.body.days).toHaveLength(30);
    expect(month.body.totals.runs).toBe(3);

    // Another tenant's admin sees its own numbers, not these.
    const fresh = await system.tenant();
    const theirs = await system.http.get('/v1/usage', { token: fresh.users.admin.accessToken });
    expect(theirs.body.totals.runs).toBe(0);

    for (const role of ['editor', 'operator', 'viewer'] as const) {
      expectProblem(
        await system.http.get('/v1/usage', { token: t.users[role].accessToken }),
        403,
        'permission.denied',
      );
    }
    const gql = await system.http.gql(
      `{ usage { totals { runs steps } quotas { maxConcurrentRuns } } }`,
      {},
      t.users.admin.accessToken,
    );
    expect(gql.data?.usage).toEqual({ totals: { runs: 3, steps: 3 }, quotas: { maxConcurrentRuns: 100 } });
    const denied = await system.http.gql(`{ usage { totals { runs } } }`, {}, t.users.viewer.accessToken);
    expect(denied.errors?.[0]?.extensions?.code).toBe('permission.denied');
    expectProblem(
      await system.http.get('/v1/usage?from=2026-02-30', { token: t.users.admin.accessToken }),
      422,
      'validation.failed',
    );
  });
});
