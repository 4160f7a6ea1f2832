import type { FlowDefinition } from '@stepline/domain';
import { waitFor } from '@stepline/server/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../../testing/fake-http-server.js';
import { loopOf, replyStep } from '../../testing/for-each-fixtures.js';
import { chainOf, startRunHarness, type RunHarness } from '../../testing/run-fixtures.js';
import { openAppDataSource, resolveEventWait, waitUntilParked } from '../../testing/wait-fixtures.js';
import { WorkerChildren } from '../../testing/worker-children.js';
import { hasBuiltWorker, killWorker, workerEnv } from '../../testing/worker-process.js';

const ITEMS = 60;

/** A loop whose body calls a local server that takes a few ms per item, so a kill lands mid-loop. */
const callingLoopOf = (origin: string): FlowDefinition =>
  loopOf(
    {
      steps: [
        {
          id: 'call',
          type: 'http',
          config: { method: 'POST', url: `${origin}/item`, body: { i: '{{ item }}' } },
        },
      ],
      edges: [],
      output: '{{ steps.call.output.body.i }}',
    },
    { concurrency: 2 },
  );

describe.skipIf(!hasBuiltWorker())('forEach crash recovery (needs the built worker: npm run build)', () => {
  let server: FakeHttpServer;
  let h: RunHarness;
  const children = new WorkerChildren();
  beforeAll(async () => {
    server = await startFakeHttpServer(async (req, res) => {
      await new Promise((r) => setTimeout(r, 10));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.body || '{}');
    });
    return async () => server.close();
  });
  afterEach(async () => {
    await children.stopAll();
    await h?.close();
  });

  it('resumes a loop after a SIGKILL without running its recorded iterations again', async () => {
    h = await startRunHarness({
      workers: 0,
      allowJobFailures: true,
      env: { WORKER_LOCK_DURATION_MS: '2000' },
    });
    const env = workerEnv(h.config, {
      OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32',
      WORKER_LOCK_DURATION_MS: '2000',
    });
    const tenant = await h.tenant();
    const flow = await h.publish(tenant, callingLoopOf(server.origin));
    const first = await children.start(env);
    const items = Array.from({ length: ITEMS }, (_, i) => i);
    const runId = await h.start(tenant, flow, { items });
    const recorded = async () =>
      (
        await h.query<{ n: number }>(
          tenant,
          `SELECT count(*)::int AS n FROM step_runs WHERE run_id = $1 AND path <> '' AND status = 'succeeded'`,
          [runId],
        )
      )[0]!.n;
    await waitFor(async () => (await recorded()) >= ITEMS / 4, {
      timeoutMs: 60_000,
      intervalMs: 10,
      what: 'a quarter of the iterations to be checkpointed',
    });
    await killWorker(first);
    const before = await recorded();
    expect(before).toBeLessThan(ITEMS);
    const requestsBefore = server.requests.length;
    await children.start(env);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 90_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ loop: items });
    // Every iteration succeeded exactly once, and the new worker called only for the rest.
    const rows = await h.query<{ path: string; n: number }>(
      tenant,
      `SELECT path, count(*) FILTER (WHERE status = 'succeeded')::int AS n FROM step_runs
        WHERE run_id = $1 AND path <> '' GROUP BY path`,
      [runId],
    );
    expect(rows).toHaveLength(ITEMS);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    // In flight at the kill (at most `concurrency`) may be called again; recorded ones are not.
    expect(server.requests.length - requestsBefore).toBeLessThanOrEqual(ITEMS - before + 2);
  }, 150_000);

  it('a loop whose iterations wait survives a killed worker: a new one resumes exactly those iterations', async () => {
    h = await startRunHarness({ workers: 0, allowJobFailures: true });
    const db = await openAppDataSource(h.config);
    try {
      const env = workerEnv(h.config);
      const tenant = await h.tenant();
      const flow = await h.publish(
        tenant,
        loopOf(
          {
            steps: [
              replyStep(),
              { id: 'pause', type: 'delay', config: { mode: 'duration', durationMs: 300 } },
              { id: 'done', type: 'transform', config: { expression: 'steps.reply.output.text' } },
            ],
            edges: chainOf(['reply', 'pause', 'done']),
            output: '{{ steps.done.output }}',
          },
          { concurrency: 4 },
        ),
      );
      const first = await children.start(env);
      const keys = ['k0', 'k1', 'k2', 'k3'];
      const runId = await h.start(tenant, flow, { items: keys });
      await waitUntilParked(h, db, tenant, runId, {
        until: (open) => open.length === 4,
        timeoutMs: 30_000,
        what: 'the run to park on four iteration waits',
      });
      // Two replies while the worker lives, then it dies; the two others come while none runs.
      const reply = async (key: string) => {
        const outcome = await resolveEventWait(db, h.queue, tenant, {
          event: 'line.reply',
          key,
          result: { text: `reply ${key}` },
          resolvedBy: `event:${key}`,
        });
        expect(outcome?.kind).toBe('resumed');
      };
      await reply('k1');
      await reply('k3');
      await killWorker(first);
      await reply('k0');
      await reply('k2');
      await children.start(env);
      const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 90_000);
      expect(run.error).toBeNull();
      expect(run.output).toEqual({ loop: keys.map((k) => `reply ${k}`) });
      // Each iteration's wait recorded once waiting and once resolved; each body step succeeded once.
      const rows = await h.query<{ step_id: string; path: string; statuses: string[] }>(
        tenant,
        `SELECT step_id, path, array_agg(status ORDER BY attempt) AS statuses FROM step_runs
          WHERE run_id = $1 AND path <> '' GROUP BY step_id, path ORDER BY path, step_id`,
        [runId],
      );
      expect(rows.filter((r) => r.step_id === 'reply').map((r) => r.statuses.join())).toEqual(
        Array(4).fill('waiting,succeeded'),
      );
      expect(rows.filter((r) => r.step_id === 'done').map((r) => r.statuses.join())).toEqual(
        Array(4).fill('succeeded'),
      );
    } finally {
      await db.destroy();
    }
  }, 150_000);
});
