import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopInLoop, loopOf, transformBody } from '../../testing/for-each-fixtures.js';
import { startFakeHttpServer, type FakeHttpServer } from '../../testing/fake-http-server.js';
import { definitionOf, startRunHarness, type RunHarness } from '../../testing/run-fixtures.js';

/**
 * forEach with the real worker: concurrency (counted by a fake server holding requests), order,
 * per-item failures per policy, empty and too-long arrays, nested items, step runs per iteration
 * path, and a loop resumed from checkpointed iterations without running them again.
 */
describe('forEach', () => {
  let h: RunHarness;
  let tenant: string;
  let server: FakeHttpServer;
  let inFlight = 0;
  let maxInFlight = 0;
  let expected = 1;
  const hits: string[] = [];
  const waiting: Array<() => void> = [];

  beforeAll(async () => {
    h = await startRunHarness({ env: { QUOTA_MAX_FOREACH_ITEMS: '50' } });
    tenant = await h.tenant();
    server = await startFakeHttpServer(async (req, res) => {
      hits.push(req.path);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (inFlight >= expected) waiting.splice(0).forEach((release) => release());
      else
        await new Promise<void>((release) => {
          waiting.push(release);
          setTimeout(release, 300);
        });
      inFlight--;
      const failing = req.path.includes('fail');
      res.writeHead(failing ? 400 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.path }));
    });
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('outputs the body outputs in input order with item and index in scope', async () => {
    const flow = await h.publish(tenant, loopOf(transformBody('{ "v": item.n * 2, "i": index }')));
    const runId = await h.start(tenant, flow, { items: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({
      loop: [
        { v: 2, i: 0 },
        { v: 4, i: 1 },
        { v: 6, i: 2 },
      ],
    });
  });

  it('records each body step run under its iteration path', async () => {
    const flow = await h.publish(tenant, loopOf(transformBody('item')));
    const runId = await h.start(tenant, flow, { items: ['a', 'b'] });
    await h.waitForStatus(tenant, runId, ['succeeded']);
    const steps = await h.steps(tenant, runId);
    expect(steps.map((s) => [s.step_id, s.path, s.status]).sort()).toEqual([
      ['double', 'loop[0]', 'succeeded'],
      ['double', 'loop[1]', 'succeeded'],
      ['loop', '', 'succeeded'],
    ]);
  });

  it('runs a loop inside a loop, with paths per level and outer steps in scope', async () => {
    const flow = await h.publish(
      tenant,
      definitionOf(
        [
          { id: 'base', type: 'transform', config: { expression: '100' } },
          loopInLoop(
            { id: 'cell', type: 'transform', config: { expression: 'steps.base.output + item' } },
            '{{ steps.cell.output }}',
          ),
        ],
        [{ from: 'base', to: 'outer' }],
      ),
    );
    const runId = await h.start(tenant, flow, { rows: [[1, 2], [3]] });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect(run.output).toEqual({ outer: [[101, 102], [103]] });
    const paths = (await h.steps(tenant, runId)).map((s) => `${s.path}|${s.step_id}`).sort();
    expect(paths).toEqual(
      [
        '|base',
        '|outer',
        'outer[0].inner[0]|cell',
        'outer[0].inner[1]|cell',
        'outer[0]|inner',
        'outer[1].inner[0]|cell',
        'outer[1]|inner',
      ].sort(),
    );
  });

  it('reads nested data of an item', async () => {
    const flow = await h.publish(tenant, loopOf(transformBody('item.customer.address.city')));
    const items = [{ customer: { address: { city: 'Oslo' } } }, { customer: { address: { city: 'Lima' } } }];
    const runId = await h.start(tenant, flow, { items });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.output).toEqual({ loop: ['Oslo', 'Lima'] });
  });

  it('outputs an empty array for an empty array without running the body', async () => {
    const flow = await h.publish(tenant, loopOf(transformBody('item')));
    const runId = await h.start(tenant, flow, { items: [] });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.output).toEqual({ loop: [] });
    expect((await h.steps(tenant, runId)).filter((s) => s.path !== '')).toEqual([]);
  });

  it('fails with quota.foreach_items_exceeded over more items than the tenant allows', async () => {
    const flow = await h.publish(tenant, loopOf(transformBody('item')));
    const runId = await h.start(tenant, flow, { items: Array.from({ length: 51 }, (_, i) => i) });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('quota.foreach_items_exceeded');
  });

  it('fails with forEach.invalid_items when items is not an array', async () => {
    const flow = await h.publish(tenant, loopOf(transformBody('item')));
    const runId = await h.start(tenant, flow, { items: 'nope' });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.error?.code).toBe('forEach.invalid_items');
  });

  const httpBody = () => ({
    steps: [{ id: 'call', type: 'http', config: { method: 'GET', url: `${server.origin}/{{ item }}` } }],
    edges: [],
    output: '{{ steps.call.output.body.url }}',
  });

  it('never runs more iterations at once than its concurrency', async () => {
    inFlight = 0;
    maxInFlight = 0;
    expected = 3;
    const flow = await h.publish(tenant, loopOf(httpBody(), { concurrency: 3 }));
    const items = Array.from({ length: 9 }, (_, i) => `c${i}`);
    const runId = await h.start(tenant, flow, { items });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('succeeded');
    expect(maxInFlight).toBe(3);
    expect(run.output).toEqual({ loop: items.map((i) => `/${i}`) });
  });

  it('fails the loop on a failed item by default, with the item index', async () => {
    expected = 1;
    const flow = await h.publish(tenant, loopOf(httpBody()));
    const runId = await h.start(tenant, flow, { items: ['ok1', 'fail2', 'ok3'] });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('http.status');
    const loop = (await h.steps(tenant, runId)).find((s) => s.step_id === 'loop');
    expect(loop?.error?.detail).toMatchObject({ index: 1, stepId: 'call' });
    // Concurrency 1: the item after the failed one never started.
    expect(hits).not.toContain('/ok3');
  });

  it('continues past failed items with { error } in their slot under onItemError continue', async () => {
    expected = 1;
    const flow = await h.publish(tenant, loopOf(httpBody(), { onItemError: 'continue' }));
    const runId = await h.start(tenant, flow, { items: ['a1', 'fail-b', 'c1'] });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('succeeded');
    const [first, second, third] = (run.output as { loop: unknown[] }).loop;
    expect([first, third]).toEqual(['/a1', '/c1']);
    expect(second).toMatchObject({ error: { code: 'http.status', stepId: 'call', detail: { index: 1 } } });
  });

  it('resumes a loop without running its checkpointed iterations again', async () => {
    expected = 1;
    const flow = await h.publish(tenant, loopOf(httpBody()));
    const runId = await h.insertRun(tenant, flow, { items: ['r0', 'r1', 'r2'] });
    // Iterations 0 and 1 were checkpointed by a worker that died before the loop step settled.
    for (const [index, url] of [
      [0, '/r0'],
      [1, '/r1'],
    ] as const) {
      await h.query(
        tenant,
        `INSERT INTO step_runs (tenant_id, run_id, step_id, path, attempt, status, output, started_at, finished_at)
         VALUES ($1, $2, 'call', $3, 1, 'succeeded', $4::jsonb, now(), now())`,
        [tenant, runId, `loop[${index}]`, JSON.stringify({ status: 200, body: { url } })],
      );
    }
    await h.enqueue(tenant, runId);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ loop: ['/r0', '/r1', '/r2'] });
    expect(hits).not.toContain('/r0');
    expect(hits).not.toContain('/r1');
    expect(hits).toContain('/r2');
  });

  it('truncates a body step output past the tenant’s maxStepOutputBytes with the marker', async () => {
    const small = await h.tenant();
    await h.query(small, `UPDATE tenants SET settings = $2::jsonb WHERE id = $1`, [
      small,
      JSON.stringify({ maxStepOutputBytes: 1024 }),
    ]);
    const flow = await h.publish(small, loopOf(transformBody('$join([1..400].("xxxxx"))')));
    const runId = await h.start(small, flow, { items: [1] });
    const run = await h.waitForStatus(small, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    const body = (await h.steps(small, runId)).find((s) => s.path === 'loop[0]');
    expect(body?.output_truncated).toBe(true);
    expect(body?.output).toMatchObject({ $truncated: true });
  });
});
