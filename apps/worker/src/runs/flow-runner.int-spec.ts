import { RUN_JOB_VERSION, type FlowDefinition } from '@stepline/domain';
import {
  createLogger,
  createRedis,
  enqueueRun,
  parseRunEventsMessage,
  runEventsChannel,
} from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';

const def = definitionOf;

describe('the runner advances runs through the real queue and database', () => {
  let h: RunHarness;
  let tenant: string;
  beforeAll(async () => {
    h = await startRunHarness();
    tenant = await h.tenant();
  });
  afterAll(() => h?.close());

  it('runs a linear transform flow to success with its output and one checkpoint per step', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'double', type: 'transform', config: { expression: 'input.n * 2' } },
          { id: 'greet', type: 'transform', config: { expression: '"n=" & $string(steps.double.output)' } },
        ],
        [{ from: 'double', to: 'greet' }],
      ),
    );
    const runId = await h.start(tenant, flow, { n: 21 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { greet: 'n=42' }, error: null });
    const steps = await h.steps(tenant, runId);
    expect(steps.map((s) => [s.step_id, s.status, s.attempt, s.output])).toEqual([
      ['double', 'succeeded', 1, 42],
      ['greet', 'succeeded', 1, 'n=42'],
    ]);
    expect(steps[0]!.input).toEqual({ expression: 42 });
  });

  it('commits a run of replay-safe steps at once, and puts a small output on its terminal event', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'a', type: 'transform', config: { expression: 'input.n + 1' } },
          {
            id: 'big',
            type: 'transform',
            config: { expression: 'input.big ? $pad("", 70000, "x") : "small"' },
          },
        ],
        [{ from: 'a', to: 'big' }],
      ),
    );
    const subscriber = createRedis(h.config.redisUrl, h.config.redisPrefix, 'queue');
    // Ready first: a SUBSCRIBE racing ioredis's ready check (INFO) breaks the connection.
    await subscriber.ping();
    try {
      const terminal = async (input: Record<string, unknown>) => {
        const runId = await h.insertRun(tenant, flow, input);
        const heard = new Promise<Record<string, unknown>>((resolve) => {
          subscriber.on('message', (_channel: string, raw: string) => {
            for (const event of parseRunEventsMessage(raw))
              if (event.runId === runId && event.type === 'run.status') resolve(event);
          });
        });
        await subscriber.subscribe(runEventsChannel(h.config.redisPrefix, runId));
        await h.enqueue(tenant, runId);
        return { runId, event: await heard };
      };
      const small = await terminal({ n: 1 });
      expect(small.event).toMatchObject({ status: 'succeeded', output: { big: 'small' } });
      const run = await h.run(tenant, small.runId);
      // Straight from queued to succeeded, with the time the runner started it.
      expect(run.status).toBe('succeeded');
      expect(run.started_at).toBeInstanceOf(Date);
      expect((run.started_at as Date).getTime()).toBeLessThanOrEqual((run.finished_at as Date).getTime());
      const large = await terminal({ n: 1, big: true });
      expect(large.event).toMatchObject({ status: 'succeeded' });
      expect(large.event).not.toHaveProperty('output');
    } finally {
      await subscriber.quit();
    }
  });

  it('follows the condition branch taken and skips the other, joining after', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'check', type: 'condition', config: { expression: 'input.vip' } },
          { id: 'vip', type: 'transform', config: { expression: '"gold"' } },
          { id: 'normal', type: 'transform', config: { expression: '"plain"' } },
          { id: 'after_normal', type: 'transform', config: { expression: '"x"' } },
          {
            id: 'join',
            type: 'transform',
            config: { expression: 'steps.vip.output ? steps.vip.output : steps.normal.output' },
          },
        ],
        [
          { from: 'check', to: 'vip', when: 'true' },
          { from: 'check', to: 'normal', when: 'false' },
          { from: 'normal', to: 'after_normal' },
          { from: 'vip', to: 'join' },
          { from: 'after_normal', to: 'join' },
        ],
        { output: '{{ steps.join.output }}' },
      ),
    );
    const runId = await h.start(tenant, flow, { vip: true });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: 'gold' });
    const byId = Object.fromEntries((await h.steps(tenant, runId)).map((s) => [s.step_id, s]));
    expect(byId.check).toMatchObject({ status: 'succeeded', port: 'true', output: { result: true } });
    expect(byId.normal?.status).toBe('skipped');
    expect(byId.after_normal?.status).toBe('skipped');
    expect(byId.join?.status).toBe('succeeded');
  });

  it('fails the run with { code, message, stepId } when a step fails with onError fail', async () => {
    const flow = await h.publish(
      tenant,
      def([{ id: 'boom', type: 'fail', config: { message: 'no stock', code: 'stock.empty' } }]),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      code: 'flow.failed',
      message: 'no stock',
      stepId: 'boom',
      detail: { code: 'stock.empty' },
    });
  });

  it('keeps going after a failed step with onError continue, whose output becomes { error }', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'bad', type: 'transform', config: { expression: '$number("x") + 1' }, onError: 'continue' },
          { id: 'next', type: 'transform', config: { expression: 'steps.bad.output.error.code' } },
        ],
        [{ from: 'bad', to: 'next' }],
      ),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { next: 'expression.failed' } });
  });

  it('follows error edges with onError branch', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'bad', type: 'transform', config: { expression: '$error("nope")' }, onError: 'branch' },
          { id: 'ok', type: 'transform', config: { expression: '"fine"' } },
          { id: 'handle', type: 'transform', config: { expression: '"handled " & steps.bad.error.message' } },
        ],
        [
          { from: 'bad', to: 'ok' },
          { from: 'bad', to: 'handle', when: 'error' },
        ],
      ),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    const byId = Object.fromEntries((await h.steps(tenant, runId)).map((s) => [s.step_id, s]));
    expect(byId.bad).toMatchObject({ status: 'failed', port: 'error' });
    expect(byId.ok?.status).toBe('skipped');
    expect(byId.handle?.output).toMatch(/^handled .*nope/);
  });

  it('sets vars with setVariable for later steps, and records the respond step response', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'set', type: 'setVariable', config: { name: 'greeting', value: 'hello {{ input.name }}' } },
          { id: 'reply', type: 'respond', config: { status: 201, body: { text: '{{ vars.greeting }}' } } },
          { id: 'use', type: 'transform', config: { expression: 'vars.greeting' } },
        ],
        [
          { from: 'set', to: 'reply' },
          { from: 'reply', to: 'use' },
        ],
      ),
    );
    const runId = await h.start(tenant, flow, { name: 'Ada' });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { use: 'hello Ada' } });
    expect(run.response).toEqual({ status: 201, headers: {}, body: { text: 'hello Ada' } });
  });

  it('passes through a disabled step as skipped', async () => {
    const flow = await h.publish(
      tenant,
      def(
        [
          { id: 'a', type: 'transform', config: { expression: '1' } },
          { id: 'off', type: 'transform', config: { expression: '2' }, disabled: true },
          { id: 'b', type: 'transform', config: { expression: '3' } },
        ],
        [
          { from: 'a', to: 'off' },
          { from: 'off', to: 'b' },
        ],
      ),
    );
    const runId = await h.start(tenant, flow);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { b: 3 } });
    const off = (await h.steps(tenant, runId)).find((s) => s.step_id === 'off');
    expect(off?.status).toBe('skipped');
  });
});

describe('logs of a run job', () => {
  it('carry the tenant and run ids on every line written while the job runs', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('worker', 'debug', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const h = await startRunHarness({ logger });
    try {
      const tenant = await h.tenant();
      const flow = await h.publish(
        tenant,
        def([{ id: 'a', type: 'transform', config: { expression: '1' } }]),
      );
      const runId = await h.start(tenant, flow);
      await h.waitForStatus(tenant, runId, ['succeeded']);
      await waitFor(() => lines.some((l) => l.msg === 'run finished'), {
        what: `the run finished line in ${JSON.stringify(lines).slice(0, 800)}`,
      });
      const ofJob = lines.filter((l) => l.msg === 'run job started' || l.msg === 'run finished');
      expect(ofJob).toHaveLength(2);
      for (const line of ofJob) expect(line).toMatchObject({ tenantId: tenant, runId });
    } finally {
      await h.close();
    }
  });
});

describe('worker metrics', () => {
  it('serves runs finished by status and step durations by type on WORKER_METRICS_PORT, behind the token', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const token = 'metrics-token-0123456789';
    const h = await startRunHarness({
      env: { WORKER_METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1', METRICS_TOKEN: token },
    });
    try {
      const tenant = await h.tenant();
      const flow = await h.publish(
        tenant,
        def([{ id: 'a', type: 'transform', config: { expression: '1' } }]),
      );
      await h.waitForStatus(tenant, await h.start(tenant, flow), ['succeeded']);
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const text = await waitFor(
        async () => {
          const body = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).text();
          return /stepline_runs_finished_total\{[^}]*status="succeeded"[^}]*\} 1/.test(body)
            ? body
            : undefined;
        },
        { what: 'the finished run to be counted' },
      );
      expect(text).toMatch(/stepline_step_duration_seconds_count\{[^}]*type="transform"[^}]*\} 1/);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});

describe('a run job that fails for good', () => {
  let f: RunHarness;
  let ft: string;
  beforeAll(async () => {
    f = await startRunHarness({ allowJobFailures: true });
    ft = await f.tenant();
  });
  afterAll(() => f?.close());

  it('fails a run whose job failed for good, and tells its waiters with a run.status event', async () => {
    const flow = await f.publish(ft, def([{ id: 'a', type: 'transform', config: { expression: '1' } }]));
    // A test run whose stored definition cannot be compiled: every attempt of its job throws.
    const broken = { schemaVersion: 1, steps: 'not a list', edges: [] } as unknown as FlowDefinition;
    const runId = await f.insertRun(ft, flow, {}, { definition: broken });
    const subscriber = createRedis(f.config.redisUrl, f.config.redisPrefix, 'queue');
    await subscriber.ping();
    try {
      const heard = new Promise<Record<string, unknown>>((resolve) => {
        subscriber.on('message', (_channel: string, raw: string) => {
          // The end (the run may have been started — and said so — before its job failed).
          for (const event of parseRunEventsMessage(raw))
            if (event.type === 'run.status' && event.status !== 'running') resolve(event);
        });
      });
      await subscriber.subscribe(runEventsChannel(f.config.redisPrefix, runId));
      await enqueueRun(f.queue, { tenantId: ft, runId, v: RUN_JOB_VERSION }, { jobOptions: { attempts: 1 } });
      expect(await heard).toMatchObject({ runId, status: 'failed', error: { code: 'step.internal' } });
      expect(await f.run(ft, runId)).toMatchObject({
        status: 'failed',
        error: { code: 'step.internal' },
      });
    } finally {
      await subscriber.quit();
    }
  });
});
