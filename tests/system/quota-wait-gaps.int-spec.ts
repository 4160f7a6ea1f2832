import { waitFor } from '@stepline/server/testing';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow, runsQueue, startRun } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import { insertApiKey, tenantQuery } from '../../apps/api/src/testing/tenant-db.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { startFakeHttpServer, type FakeHttpServer } from '../../apps/worker/src/testing/fake-http-server.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const flow = (steps: unknown[], edges: unknown[] = [], output?: string) => ({
  schemaVersion: 1,
  steps,
  edges,
  ...(output ? { output } : {}),
});

/**
 * Issue 10's gaps, with the API and a worker in process: a subflow's child takes a run start from
 * the tenant's per-minute budget; a resumed run takes a concurrency slot again (ADR 0007); one
 * event-name limit everywhere; an event that arrives before its wait opens is not lost (ADR 0008).
 */
describe('quota and wait gaps of issue 10', () => {
  let system: TestSystem;
  let fake: FakeHttpServer;
  /** Requests to `/hold` the test answers itself (`release`). */
  const held: Array<{ path: string; res: ServerResponse }> = [];
  /** `/ask/<tenant>/<key>` publishes the reply as that tenant before it answers (a fast reply). */
  const keys = new Map<string, string>();

  beforeAll(async () => {
    system = await startTestSystem({
      env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32', ADMISSION_POLL_INTERVAL_MS: '200' },
    });
    fake = await startFakeHttpServer(async (req, res) => {
      if (req.path.startsWith('/hold')) {
        held.push({ path: req.path, res });
        return;
      }
      const [, , tenantId, key] = req.path.split('/');
      if (req.path.startsWith('/ask/') && tenantId && key) {
        const published = await system.http.post(
          '/v1/events',
          { name: 'chat.reply', key, payload: { text: `reply to ${key}` } },
          { token: keys.get(tenantId) as string },
        );
        expect(published.status, JSON.stringify(published.body)).toBe(202);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"sent":true}');
    });
  });
  afterAll(async () => {
    for (const { res } of held.splice(0)) res.end('{}');
    await system?.close();
    await fake?.close();
  });

  const newTenant = async (settings: Record<string, number> = {}) => {
    const t = await system.tenant();
    if (Object.keys(settings).length > 0) {
      const res = await system.http.patch('/v1/tenant', { settings }, { token: t.owner.accessToken });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    keys.set(t.id, await insertApiKey(system.db.ownerUrl, t.id, ['events:write']));
    return t;
  };
  const runOf = async (t: TestTenant, id: string) =>
    (await system.http.get(`/v1/runs/${id}`, { token: t.owner.accessToken })).body;
  const statusIs = (t: TestTenant, id: string, status: string) => async () => {
    const run = await runOf(t, id);
    if (run.status !== status)
      throw new Error(`run ${id} is ${run.status} ${JSON.stringify(run.error ?? null)}`);
    return true;
  };
  const publish = (t: TestTenant, name: string, key: string | null, payload: unknown = {}) =>
    system.http.post('/v1/events', { name, key, payload }, { token: keys.get(t.id) as string });
  const start = async (t: TestTenant, flowId: string, input: unknown = {}) => {
    const res = await startRun(system.http, t.owner.accessToken, flowId, { input });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body.id as string;
  };
  const admissionOf = async (t: TestTenant, runId: string) =>
    (
      await tenantQuery<{ admission: string | null; status: string }>(
        system.db.ownerUrl,
        t.id,
        `SELECT admission, status FROM runs WHERE id = $1`,
        [runId],
      )
    )[0];
  const release = (prefix: string) => {
    const done = held.filter((h) => h.path.startsWith(prefix));
    for (const h of done) {
      held.splice(held.indexOf(h), 1);
      h.res.writeHead(200, { 'content-type': 'application/json' });
      h.res.end('{"ok":true}');
    }
    return done.length;
  };

  describe('a subflow step starting its child', () => {
    it('takes the start from the tenant’s per-minute budget and fails with the quota’s code when it is used up', async () => {
      const t = await newTenant({ runStartsPerMinute: 1 });
      const child = await runnableFlow(
        system.http,
        t.owner.accessToken,
        flow([{ id: 'one', type: 'transform', config: { expression: '1' } }]),
      );
      const parent = await runnableFlow(
        system.http,
        t.owner.accessToken,
        flow([{ id: 'child', type: 'subflow', config: { flowId: child, input: {}, wait: true } }]),
      );
      // The parent's start is the minute's only one: its child gets none.
      const runId = await start(t, parent);
      await waitFor(statusIs(t, runId, 'failed'), { timeoutMs: 15_000, what: 'the parent to fail' });
      const run = await runOf(t, runId);
      expect(run.error).toMatchObject({ code: 'quota.run_starts_exceeded', stepId: 'child' });
      const step = run.steps.find((s: { stepId: string }) => s.stepId === 'child');
      expect(step.error.detail).toMatchObject({ limit: 1 });
      expect(step.error.detail.retryAfter).toBeGreaterThanOrEqual(1);
      const children = await system.http.get(`/v1/runs?flowId=${child}`, { token: t.owner.accessToken });
      expect(children.body.data).toEqual([]);
      // And the API's own next start is refused alike: the budget is the same one.
      const again = await startRun(system.http, t.owner.accessToken, parent, { input: {} });
      expect(again.status).toBe(429);
    });
  });

  describe('a subflow step whose child is refused', () => {
    it('takes no start for a child that never starts (a flow the tenant has not published)', async () => {
      const t = await newTenant({ runStartsPerMinute: 2 });
      const parent = await runnableFlow(
        system.http,
        t.owner.accessToken,
        flow([
          {
            id: 'child',
            type: 'subflow',
            config: { flowId: '00000000-0000-4000-8000-000000000000', input: {}, wait: true },
          },
        ]),
      );
      const runId = await start(t, parent);
      await waitFor(statusIs(t, runId, 'failed'), { timeoutMs: 15_000, what: 'the parent to fail' });
      expect((await runOf(t, runId)).error).toMatchObject({
        code: 'subflow.flow_not_found',
        stepId: 'child',
      });
      // The parent took one of the two starts; the refused child none, so one is left.
      expect((await startRun(system.http, t.owner.accessToken, parent, { input: {} })).status).toBe(202);
    });
  });

  describe('a parked run that resumes', () => {
    it('takes a concurrency slot again: with a cap of 1 it waits for the run that took its slot', async () => {
      const t = await newTenant({ maxConcurrentRuns: 1 });
      const hold = (name: string) => ({
        id: 'ask',
        type: 'http',
        config: { method: 'GET', url: `${fake.origin}/hold/${t.id}/${name}` },
      });
      const waiter = await runnableFlow(
        system.http,
        t.owner.accessToken,
        flow(
          [{ id: 'wait', type: 'waitForEvent', config: { event: 'go', correlationKey: 'a' } }, hold('a')],
          [{ from: 'wait', to: 'ask' }],
        ),
      );
      const sleeper = await runnableFlow(
        system.http,
        t.owner.accessToken,
        flow(
          [{ id: 'nap', type: 'delay', config: { mode: 'duration', durationMs: 3_600_000 } }, hold('c')],
          [{ from: 'nap', to: 'ask' }],
        ),
      );
      const busy = await runnableFlow(system.http, t.owner.accessToken, flow([hold('b')]));

      // A parks on its event and C on its delay: both give their slot back.
      const a = await start(t, waiter);
      await waitFor(statusIs(t, a, 'waiting'), { timeoutMs: 15_000, what: 'A to park' });
      const c = await start(t, sleeper);
      await waitFor(statusIs(t, c, 'waiting'), { timeoutMs: 15_000, what: 'C to park' });
      expect(await admissionOf(t, a)).toEqual({ admission: 'parked', status: 'waiting' });
      // B takes the only slot and holds it.
      const b = await start(t, busy);
      await waitFor(() => held.some((h) => h.path.endsWith('/b')), { timeoutMs: 15_000, what: 'B to run' });

      // A's event comes: A is resumed, but waits for the slot still `waiting` — it does not run.
      const event = await publish(t, 'go', 'a');
      expect(event.status, JSON.stringify(event.body)).toBe(202);
      expect(event.body.resumed).toEqual([a]);
      expect(await admissionOf(t, a)).toEqual({ admission: 'pending', status: 'waiting' });
      // C's delay ends (made due now): its own delayed job wakes it, and it waits for a slot too.
      const { queue, close } = runsQueue(system.redis.url, system.redis.prefix);
      try {
        await waitFor(async () => (await (await queue.getJob(c))?.getState()) === 'delayed', {
          timeoutMs: 15_000,
          what: 'C’s delayed job',
        });
        await tenantQuery(
          system.db.ownerUrl,
          t.id,
          `UPDATE waitpoints SET resume_at = now() WHERE run_id = $1`,
          [c],
        );
        await (await queue.getJob(c))?.promote();
      } finally {
        await close();
      }
      await waitFor(async () => (await admissionOf(t, c))?.admission === 'pending', {
        timeoutMs: 15_000,
        what: 'C to wait for a slot',
      });
      expect((await admissionOf(t, c))?.status).toBe('waiting');
      expect(held.map((h) => h.path.split('/').pop())).toEqual(['b']);

      // B ends: A (older) gets the slot, then C — never two at once.
      expect(release(`/hold/${t.id}/b`)).toBe(1);
      await waitFor(statusIs(t, b, 'succeeded'), { timeoutMs: 15_000, what: 'B to end' });
      await waitFor(() => held.some((h) => h.path.endsWith('/a')), { timeoutMs: 15_000, what: 'A to run' });
      expect(held.map((h) => h.path.split('/').pop())).toEqual(['a']);
      expect((await admissionOf(t, c))?.admission).toBe('pending');
      release(`/hold/${t.id}/a`);
      await waitFor(statusIs(t, a, 'succeeded'), { timeoutMs: 15_000, what: 'A to end' });
      await waitFor(() => held.some((h) => h.path.endsWith('/c')), { timeoutMs: 15_000, what: 'C to run' });
      expect(held.map((h) => h.path.split('/').pop())).toEqual(['c']);
      release(`/hold/${t.id}/c`);
      await waitFor(statusIs(t, c, 'succeeded'), { timeoutMs: 15_000, what: 'C to end' });
      expect(await admissionOf(t, c)).toEqual({ admission: null, status: 'succeeded' });
    });
  });

  describe('event names', () => {
    it('are the same 200 characters for waitForEvent, events and event triggers', async () => {
      const t = await newTenant();
      const name = `e${'x'.repeat(199)}`;
      const waiter = await runnableFlow(
        system.http,
        t.owner.accessToken,
        flow([{ id: 'wait', type: 'waitForEvent', config: { event: name } }], [], '{{ steps.wait.output }}'),
      );
      const trigger = await system.http.post(
        `/v1/flows/${waiter}/triggers`,
        { kind: 'event', config: { event: name } },
        { token: t.owner.accessToken },
      );
      expect(trigger.status, JSON.stringify(trigger.body)).toBe(201);
      const runId = await start(t, waiter);
      await waitFor(statusIs(t, runId, 'waiting'), { timeoutMs: 15_000, what: 'the run to wait' });
      const event = await publish(t, name, null, { ok: 1 });
      expect(event.status, JSON.stringify(event.body)).toBe(202);
      expect(event.body.resumed).toEqual([runId]);
      await waitFor(statusIs(t, runId, 'succeeded'), { timeoutMs: 15_000, what: 'the run to end' });

      const tooLong = `${name}x`;
      const refusedFlow = await system.http.post(
        '/v1/flows',
        {
          name: 'too long',
          definition: flow([{ id: 'wait', type: 'waitForEvent', config: { event: tooLong } }]),
        },
        { token: t.owner.accessToken },
      );
      const refusedEvent = await publish(t, tooLong, null);
      expect(refusedEvent.status).toBe(422);
      const refusedTrigger = await system.http.post(
        `/v1/flows/${waiter}/triggers`,
        { kind: 'event', config: { event: tooLong } },
        { token: t.owner.accessToken },
      );
      expect(refusedTrigger.status).toBe(422);
      // A draft may hold problems; publishing it is refused.
      if (refusedFlow.status === 201) {
        const published = await system.http.post(
          `/v1/flows/${refusedFlow.body.id}/publish`,
          {},
          { token: t.owner.accessToken },
        );
        expect(published.status).toBe(422);
      } else {
        expect(refusedFlow.status).toBe(422);
      }
    });
  });

  describe('an event that comes before its wait opens', () => {
    /** Asks (the fake publishes the reply before it answers), then waits for the reply. */
    const conversation = (t: TestTenant, waits = 1) =>
      runnableFlow(
        system.http,
        t.owner.accessToken,
        flow(
          [
            {
              id: 'ask',
              type: 'http',
              config: { method: 'POST', url: `${fake.origin}/ask/{{ input.tenant }}/{{ input.key }}` },
            },
            ...Array.from({ length: waits }, (_, i) => ({
              id: `reply${i}`,
              type: 'waitForEvent',
              config: { event: 'chat.reply', correlationKey: '{{ input.key }}' },
            })),
          ],
          Array.from({ length: waits }, (_, i) => ({
            from: i === 0 ? 'ask' : `reply${i - 1}`,
            to: `reply${i}`,
          })),
          '{{ steps.reply0.output }}',
        ),
      );
    const waitingFor = async (t: TestTenant, runId: string) => (await runOf(t, runId)).waitingFor;

    it('still resumes the run: the reply is kept a short while and matched when the wait opens', async () => {
      const t = await newTenant();
      const flowId = await conversation(t);
      const runId = await start(t, flowId, { tenant: t.id, key: 'k1' });
      await waitFor(statusIs(t, runId, 'succeeded'), { timeoutMs: 15_000, what: 'the run to get its reply' });
      expect((await runOf(t, runId)).output).toEqual({ text: 'reply to k1' });
    });

    it('resumes one wait per run with it, and never with an event older than the run', async () => {
      const t = await newTenant();
      // An event before the run started is not its reply.
      const old = await publish(t, 'chat.reply', 'k2', { text: 'stale' });
      expect(old.status).toBe(202);
      const silent = await runnableFlow(
        system.http,
        t.owner.accessToken,
        flow([{ id: 'reply0', type: 'waitForEvent', config: { event: 'chat.reply', correlationKey: 'k2' } }]),
      );
      const stale = await start(t, silent);
      await waitFor(statusIs(t, stale, 'waiting'), { timeoutMs: 15_000, what: 'the run to park' });
      expect(await waitingFor(t, stale)).toMatchObject([{ kind: 'event', stepId: 'reply0' }]);

      // Two waits in a row after one fast reply: the first takes it, the second keeps waiting.
      const twice = await conversation(t, 2);
      const runId = await start(t, twice, { tenant: t.id, key: 'k3' });
      await waitFor(statusIs(t, runId, 'waiting'), { timeoutMs: 15_000, what: 'the run to park' });
      await waitFor(async () => (await waitingFor(t, runId))?.[0]?.stepId === 'reply1', {
        timeoutMs: 15_000,
        what: 'the second wait',
      });
      const run = await runOf(t, runId);
      expect(
        run.steps
          .filter((s: { stepId: string; status: string }) => s.stepId === 'reply0')
          .map((s: { status: string }) => s.status),
      ).toContain('succeeded');
    });

    it('never resumes another tenant’s run', async () => {
      const victim = await newTenant();
      const attacker = await newTenant();
      // The attacker's run asks; the fake answers it by publishing the reply as the victim.
      const flowId = await conversation(attacker);
      const runId = await start(attacker, flowId, { tenant: victim.id, key: 'k4' });
      await waitFor(statusIs(attacker, runId, 'waiting'), { timeoutMs: 15_000, what: 'the run to park' });
      expect(await waitingFor(attacker, runId)).toMatchObject([{ kind: 'event', stepId: 'reply0' }]);
      // The victim's own run, waiting for the same key later, is not fooled by it either: only newer events.
      const buffered = await tenantQuery<{ n: number }>(
        system.db.ownerUrl,
        victim.id,
        `SELECT count(*)::int AS n FROM event_buffer WHERE tenant_id = $1 AND key = 'k4'`,
        [victim.id],
      );
      expect(buffered[0]?.n).toBe(1);
    });
  });
});
