import { createRedis, runControlChannel } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-http-server.js';
import { chainOf, definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';

const def = definitionOf;
const chain = chainOf;

describe('run lifecycle: http, code, retries, timeouts, cancel, resume, continuation', () => {
  let h: RunHarness;
  let tenant: string;
  let server: FakeHttpServer;
  const hits = new Map<string, number>();
  const failUntil = new Map<string, number>();

  beforeAll(async () => {
    h = await startRunHarness({ env: { RUN_INLINE_RETRY_MAX_MS: '200', RUN_STEPS_PER_JOB: '3' } });
    tenant = await h.tenant();
    server = await startFakeHttpServer((req, res) => {
      const key = req.path.split('?')[0]!;
      const n = (hits.get(key) ?? 0) + 1;
      hits.set(key, n);
      if (n <= (failUntil.get(key) ?? 0)) {
        res.writeHead(503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ attempt: n }));
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': req.method });
      return res.end(
        JSON.stringify({
          path: req.path,
          method: req.method,
          body: req.body ? JSON.parse(req.body) : null,
          hit: n,
        }),
      );
    });
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('calls HTTP endpoints through the guarded client with templated url, query, headers and body', async () => {
    const flow = await h.publish(
      tenant,
      def([
        {
          id: 'call',
          type: 'http',
          config: {
            method: 'POST',
            url: `${server.origin}/orders/{{ input.id }}`,
            query: { q: '{{ input.q }}' },
            headers: { 'x-tenant': 'acme' },
            body: { total: '{{ input.total }}' },
          },
        },
      ]),
    );
    const runId = await h.start(tenant, flow, { id: 7, q: 'a b', total: 12.5 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({
      call: {
        status: 200,
        headers: { 'x-echo': 'POST' },
        body: { path: '/orders/7?q=a+b', body: { total: 12.5 } },
      },
    });
  });

  it('refuses a private address the allow-list does not open, as a failed step', async () => {
    const flow = await h.publish(
      tenant,
      def([
        {
          id: 'call',
          type: 'http',
          config: { method: 'GET', url: 'http://169.254.169.254/latest/meta-data' },
        },
      ]),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.error).toMatchObject({ code: 'net.blocked_address', stepId: 'call' });
  });

  it('retries a retryable failure inline with backoff, recording each attempt', async () => {
    failUntil.set('/flaky-inline', 2);
    const flow = await h.publish(
      tenant,
      def([
        {
          id: 'call',
          type: 'http',
          config: { method: 'GET', url: `${server.origin}/flaky-inline` },
          retry: { maxAttempts: 3, backoff: 'fixed', initialDelayMs: 20 },
        },
      ]),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    const steps = await h.steps(tenant, runId);
    expect(steps.map((s) => [s.attempt, s.status, s.error?.code ?? null])).toEqual([
      [1, 'failed', 'http.status'],
      [2, 'failed', 'http.status'],
      [3, 'succeeded', null],
    ]);
  });

  it('parks a long backoff in a delayed job and retries after it', async () => {
    failUntil.set('/flaky-parked', 1);
    const flow = await h.publish(
      tenant,
      def([
        {
          id: 'call',
          type: 'http',
          config: { method: 'GET', url: `${server.origin}/flaky-parked` },
          retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 600 },
        },
      ]),
    );
    const runId = await h.start(tenant, flow);
    // Parked: the run's own job waits, delayed, and has not failed (a failed job is retried too,
    // which would hide a runner error behind a later success).
    await waitFor(async () => (await h.steps(tenant, runId)).length === 1, { what: 'the first attempt' });
    const job = await h.queue.getJob(runId);
    expect(job?.failedReason ?? null).toBeNull();
    expect(job?.attemptsMade).toBe(0);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    const steps = await h.steps(tenant, runId);
    expect(steps.map((s) => [s.attempt, s.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(typeof steps[0]!.error?.detail?.retryAt).toBe('number');
  });

  it('gives up after maxAttempts and fails the run with the last error', async () => {
    failUntil.set('/down', 99);
    const flow = await h.publish(
      tenant,
      def([
        {
          id: 'call',
          type: 'http',
          config: { method: 'GET', url: `${server.origin}/down` },
          retry: { maxAttempts: 2, initialDelayMs: 10 },
        },
      ]),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.error).toMatchObject({ code: 'http.status', stepId: 'call', detail: { status: 503 } });
    expect((await h.steps(tenant, runId)).length).toBe(2);
  });

  it('runs code steps in the sandbox with the run scope and captures console output', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'seed', type: 'transform', config: { expression: '[1,2,3]' } },
          {
            id: 'sum',
            type: 'code',
            config: {
              source:
                'console.log("summing", steps.seed.output.length); return steps.seed.output.reduce((a, b) => a + b, input.base);',
            },
          },
        ],
        chain(['seed', 'sum']),
      ),
    );
    const runId = await h.start(tenant, flow, { base: 10 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { sum: 16 } });
    const sum = (await h.steps(tenant, runId)).find((s) => s.step_id === 'sum');
    expect(sum?.logs).toEqual([expect.objectContaining({ level: 'info', message: 'summing 3' })]);
  });

  it('fails a step at its timeoutMs with step.timeout', async () => {
    const flow = await h.publish(
      tenant,
      def([
        { id: 'spin', type: 'code', config: { source: 'while (true) {}', timeoutMs: 20000 }, timeoutMs: 300 },
      ]),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.error).toMatchObject({ code: 'step.timeout', stepId: 'spin' });
  });

  it('ends a run past settings.timeoutMs as timed_out, interrupting the step in flight', async () => {
    const flow = await h.publish(
      tenant,
      def([{ id: 'spin', type: 'code', config: { source: 'while (true) {}', timeoutMs: 20000 } }], [], {
        settings: { timeoutMs: 400 },
      }),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed', 'timed_out']);
    expect(run).toMatchObject({ status: 'timed_out', error: { code: 'run.timed_out' } });
    const spin = (await h.steps(tenant, runId))[0];
    expect(spin?.status).toBe('cancelled');
  });

  it('cancels a running run: the in-flight step is interrupted and the run ends cancelled', async () => {
    const flow = await h.publish(
      tenant,
      def([{ id: 'spin', type: 'code', config: { source: 'while (true) {}', timeoutMs: 30000 } }]),
    );
    const runId = await h.start(tenant, flow);
    await h.waitForStatus(tenant, runId, ['running']);
    const publisher = createRedis(h.config.redisUrl, h.config.redisPrefix, 'queue');
    try {
      // The API sets cancel_requested_at and publishes; the worker holding the run aborts it.
      await h.query(tenant, `UPDATE runs SET cancel_requested_at = now() WHERE id = $1`, [runId]);
      await waitFor(
        async () =>
          (await publisher.publish(
            runControlChannel(h.config.redisPrefix),
            JSON.stringify({ type: 'cancel', tenantId: tenant, runId }),
          )) > 0,
        { what: 'a subscriber' },
      );
      const run = await h.waitForStatus(tenant, runId, ['cancelled', 'failed', 'succeeded'], 5_000);
      expect(run).toMatchObject({ status: 'cancelled', error: { code: 'run.cancelled' } });
    } finally {
      await publisher.quit();
    }
  });

  it('continues a long run in fresh jobs every RUN_STEPS_PER_JOB steps', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const flow = await h.publish(
      tenant,
      def(
        ids.map((id, i) => ({
          id,
          type: 'transform',
          config: { expression: i === 0 ? '1' : `steps.s${i - 1}.output + 1` },
        })),
        chain(ids),
      ),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { s9: 10 } });
    expect((await h.steps(tenant, runId)).map((s) => s.attempt)).toEqual(ids.map(() => 1));
  });

  it('resumes a failed run from its failed step, reusing the recorded upstream outputs', async () => {
    failUntil.set('/second', 1);
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'first', type: 'http', config: { method: 'GET', url: `${server.origin}/first` } },
          { id: 'second', type: 'http', config: { method: 'GET', url: `${server.origin}/second` } },
        ],
        chain(['first', 'second']),
      ),
    );
    const failedId = await h.start(tenant, flow);
    expect((await h.waitForStatus(tenant, failedId, ['succeeded', 'failed'])).status).toBe('failed');
    const firstHits = hits.get('/first');
    const resumedId = await h.start(
      tenant,
      flow,
      {},
      { resumed_from_run_id: failedId, resume_from_step: 'second', trigger: 'retry' },
    );
    const resumed = await h.waitForStatus(tenant, resumedId, ['succeeded', 'failed']);
    expect(resumed.status).toBe('succeeded');
    expect(hits.get('/first')).toBe(firstHits);
    const first = (await h.steps(tenant, resumedId)).find((s) => s.step_id === 'first');
    expect(first?.logs[0]?.message).toContain(`reused from run ${failedId}`);
  });

  it('re-runs from a chosen step: upstream outputs reused, the step and its descendants executed again', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'first', type: 'http', config: { method: 'GET', url: `${server.origin}/rerun-first` } },
          { id: 'second', type: 'http', config: { method: 'GET', url: `${server.origin}/rerun-second` } },
          { id: 'third', type: 'transform', config: { expression: 'steps.second.output.body.hit' } },
        ],
        chain(['first', 'second', 'third']),
      ),
    );
    const earlier = await h.start(tenant, flow);
    expect((await h.waitForStatus(tenant, earlier, ['succeeded', 'failed'])).status).toBe('succeeded');
    const [firstHits, secondHits] = [hits.get('/rerun-first'), hits.get('/rerun-second')];
    const again = await h.start(
      tenant,
      flow,
      {},
      { resumed_from_run_id: earlier, resume_from_step: 'second', trigger: 'retry' },
    );
    const run = await h.waitForStatus(tenant, again, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { third: (secondHits ?? 0) + 1 } });
    expect(hits.get('/rerun-first')).toBe(firstHits);
    expect(hits.get('/rerun-second')).toBe((secondHits ?? 0) + 1);
    const steps = await h.steps(tenant, again);
    expect(
      steps.map((s) => [s.step_id, s.logs.some((l) => l.message.startsWith('reused from run'))]),
    ).toEqual([
      ['first', true],
      ['second', false],
      ['third', false],
    ]);
  });

  it('caps a large output with a visible truncation marker', async () => {
    const flow = await h.publish(
      tenant,
      def([{ id: 'big', type: 'code', config: { source: 'return "x".repeat(3 * 1024 * 1024);' } }]),
    );
    const runId = await h.start(tenant, flow);
    await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    const big = (await h.steps(tenant, runId))[0];
    expect(big?.output_truncated).toBe(true);
    expect(big?.output).toMatchObject({ $truncated: true, bytes: expect.any(Number) });
  });

  it('does not let one tenant run a flow version of another (the job names the run tenant)', async () => {
    const other = await h.tenant();
    const flow = await h.publish(tenant, def([{ id: 'a', type: 'transform', config: { expression: '1' } }]));
    const runId = await h.insertRun(tenant, flow);
    // A forged job naming the wrong tenant finds no run under RLS and does nothing.
    await h.enqueue(other, runId);
    await waitFor(async () => !(await h.queue.getJob(runId)), { what: 'the forged job to be consumed' });
    expect((await h.run(tenant, runId)).status).toBe('queued');
  });
});
