import type { FlowDefinition } from '@stepline/domain';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer } from '../../testing/fake-http-server.js';
import { definitionOf, startRunHarness, type RunHarness } from '../../testing/run-fixtures.js';
import { WaitpointSweeper } from '../../waits/waitpoint-sweeper.js';

/**
 * subflow with the real worker: waiting for the child's output, not waiting, the depth limit
 * against recursion, a failing child, another tenant's flow, and a timed-out parent taking its
 * waiting child along.
 */
describe('subflow', () => {
  let h: RunHarness;
  let tenant: string;

  beforeAll(async () => {
    h = await startRunHarness({ env: { SUBFLOW_MAX_DEPTH: '3', OUTBOUND_ALLOW_CIDRS: '127.0.0.1/32' } });
    tenant = await h.tenant();
  });
  afterAll(async () => {
    await h?.close();
  });

  const parentOf = (flowId: string, extra: Record<string, unknown> = {}): FlowDefinition =>
    definitionOf([
      {
        id: 'child',
        type: 'subflow',
        config: { flowId, input: { n: '{{ input.n }}' }, ...extra },
      },
    ]);

  const childRuns = (parentId: string) =>
    h.query<{ id: string; status: string; trigger: string; error: { code: string } | null }>(
      tenant,
      `SELECT id, status, trigger, error FROM runs WHERE parent_run_id = $1`,
      [parentId],
    );

  it('waits for the child run and outputs its output', async () => {
    const child = await h.publish(
      tenant,
      definitionOf([{ id: 'double', type: 'transform', config: { expression: '$number(input.n) * 2' } }]),
    );
    const parent = await h.publish(tenant, parentOf(child.flowId));
    const runId = await h.start(tenant, parent, { n: 21 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ child: { double: 42 } });
    const children = await childRuns(runId);
    expect(children).toMatchObject([{ status: 'succeeded', trigger: 'subflow' }]);
  });

  it('outputs { runId } at once without waiting, and the child runs on its own', async () => {
    const child = await h.publish(
      tenant,
      definitionOf([{ id: 'echo', type: 'transform', config: { expression: 'input' } }]),
    );
    const parent = await h.publish(tenant, parentOf(child.flowId, { wait: false }));
    const runId = await h.start(tenant, parent, { n: 1 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('succeeded');
    const childRunId = (run.output as { child: { runId: string } }).child.runId;
    const [linked] = await childRuns(runId);
    expect(linked?.id).toBe(childRunId);
    expect((await h.waitForStatus(tenant, childRunId, ['succeeded', 'failed'], 30_000)).status).toBe(
      'succeeded',
    );
  });

  it('fails with the child run’s error code when the child fails', async () => {
    const child = await h.publish(
      tenant,
      definitionOf([{ id: 'boom', type: 'fail', config: { message: 'no stock' } }]),
    );
    const parent = await h.publish(tenant, parentOf(child.flowId));
    const runId = await h.start(tenant, parent, { n: 1 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'flow.failed', stepId: 'child' });
  });

  it('stops recursion at the depth limit with subflow.depth_exceeded', async () => {
    // A flow that starts itself: each level waits for the next one.
    const flowId = randomUUID();
    await h.query(tenant, `INSERT INTO flows (id, tenant_id, name) VALUES ($1, $2, 'recursive')`, [
      flowId,
      tenant,
    ]);
    const [version] = await h.query<{ id: string }>(
      tenant,
      `INSERT INTO flow_versions (tenant_id, flow_id, number, status, definition, published_at)
       VALUES ($1, $2, 1, 'published', $3::jsonb, now()) RETURNING id`,
      [tenant, flowId, JSON.stringify(parentOf(flowId))],
    );
    const flow = { flowId, versionId: version!.id };
    const runId = await h.start(tenant, flow, { n: 1 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('subflow.depth_exceeded');
    const depth = await h.query<{ n: number }>(
      tenant,
      `SELECT count(*)::int AS n FROM runs WHERE flow_id = $1`,
      [flow.flowId],
    );
    expect(depth[0]?.n).toBe(4); // the top-level run and three levels of children
  });

  it('does not find another tenant’s flow', async () => {
    const other = await h.tenant();
    const theirs = await h.publish(
      other,
      definitionOf([{ id: 'x', type: 'transform', config: { expression: '1' } }]),
    );
    const parent = await h.publish(tenant, parentOf(theirs.flowId));
    const runId = await h.start(tenant, parent, { n: 1 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('subflow.flow_not_found');
  });

  it('cancels the waiting child when the parent times out', async () => {
    const child = await h.publish(
      tenant,
      definitionOf([{ id: 'wait', type: 'waitForEvent', config: { event: 'never', key: 'k' } }]),
    );
    const parent = await h.publish(tenant, {
      ...parentOf(child.flowId),
      settings: { timeoutMs: 1_500 },
    });
    const runId = await h.start(tenant, parent, { n: 1 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed', 'timed_out'], 30_000);
    expect(run.status).toBe('timed_out');
    const [linked] = await childRuns(runId);
    const ended = await h.waitForStatus(tenant, linked!.id, ['cancelled', 'succeeded', 'failed'], 30_000);
    expect(ended.status).toBe('cancelled');
  });

  it('stops a running child through the run-control channel when the parent times out', async () => {
    const held: Array<() => void> = [];
    const server = await startFakeHttpServer(() => new Promise<void>((release) => held.push(release)));
    try {
      const child = await h.publish(
        tenant,
        definitionOf([{ id: 'slow', type: 'http', config: { method: 'GET', url: `${server.origin}/slow` } }]),
      );
      const parent = await h.publish(tenant, { ...parentOf(child.flowId), settings: { timeoutMs: 1_500 } });
      const runId = await h.start(tenant, parent, { n: 1 });
      const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed', 'timed_out'], 30_000);
      expect(run.status).toBe('timed_out');
      const [linked] = await childRuns(runId);
      const ended = await h.waitForStatus(tenant, linked!.id, ['cancelled', 'succeeded', 'failed'], 30_000);
      expect(ended.status).toBe('cancelled');
    } finally {
      held.forEach((release) => release());
      await server.close();
    }
  });

  // product.md §4/§5: children are cancelled with their parent. A parent that fails or times out
  // takes along the child it waits for; a fire-and-forget child (wait: false) was handed off and
  // lives on, as it would after a success (only an explicit cancel of the parent takes it).
  it.each([
    ['failed', { branch: true }],
    ['timed_out', { branch: false }],
  ] as const)(
    'a parent that ends %s cancels the child it waits for, not the one it started without waiting',
    async (status, { branch }) => {
      const waiting = await h.publish(
        tenant,
        definitionOf([{ id: 'reply', type: 'waitForEvent', config: { event: 'never.sent', key: 'k' } }]),
      );
      const steps: FlowDefinition['steps'] = [
        { id: 'awaited', type: 'subflow', config: { flowId: waiting.flowId, input: {} } },
        { id: 'handed', type: 'subflow', config: { flowId: waiting.flowId, input: {}, wait: false } },
      ];
      // Failed: another branch fails once both children exist (the parent parks meanwhile).
      const parent = await h.publish(
        tenant,
        branch
          ? definitionOf(
              [
                ...steps,
                { id: 'pause', type: 'delay', config: { mode: 'duration', durationMs: 500 } },
                { id: 'boom', type: 'fail', config: { message: 'another branch failed' } },
              ],
              [
                { from: 'handed', to: 'pause' },
                { from: 'pause', to: 'boom' },
              ],
            )
          : definitionOf(steps, [], { settings: { timeoutMs: 1_500 } }),
      );
      const runId = await h.start(tenant, parent, {});
      const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed', 'timed_out'], 30_000);
      expect(run.status).toBe(status);
      const children = await childRuns(runId);
      expect(children).toHaveLength(2);
      const handedId = (
        await h.query<{ output: { runId: string } }>(
          tenant,
          `SELECT output FROM step_runs WHERE run_id = $1 AND step_id = 'handed' AND status = 'succeeded'`,
          [runId],
        )
      )[0]!.output.runId;
      const awaitedId = children.find((c) => c.id !== handedId)!.id;
      const ended = await h.waitForStatus(tenant, awaitedId, ['cancelled', 'succeeded', 'failed'], 30_000);
      expect(ended).toMatchObject({ status: 'cancelled', error: { code: 'run.cancelled' } });
      // Both children were decided in the same transaction: the handed-off one parks as usual.
      const handed = await h.waitForStatus(tenant, handedId, ['waiting', 'cancelled', 'failed'], 30_000);
      expect(handed.status).toBe('waiting');
      const [request] = await h.query<{ cancel_requested_at: Date | null }>(
        tenant,
        `SELECT cancel_requested_at FROM runs WHERE id = $1`,
        [handedId],
      );
      expect(request).toEqual({ cancel_requested_at: null });
    },
  );

  it('a parent whose child ended without resolving its wait (the child’s worker died) is resumed by the sweeper', async () => {
    const child = await h.publish(
      tenant,
      definitionOf([{ id: 'reply', type: 'waitForEvent', config: { event: 'never.sent' } }]),
    );
    const parent = await h.publish(tenant, parentOf(child.flowId));
    const runId = await h.start(tenant, parent, { n: 1 });
    await h.waitForStatus(tenant, runId, ['waiting'], 30_000);
    const [childRun] = await waitFor(
      async () => {
        const rows = await childRuns(runId);
        return rows[0]?.status === 'waiting' ? rows : undefined;
      },
      { timeoutMs: 30_000, what: 'the child run to park' },
    );
    // The child ends without its worker reaching resolveSubflowParent (a SIGKILL in between).
    await h.query(
      tenant,
      `UPDATE runs SET status = 'succeeded', output = '{"answer": 7}'::jsonb,
              finished_at = now() - interval '5 minutes' WHERE id = $1`,
      [childRun!.id],
    );
    const sweeper = h.workers[0]!.get(WaitpointSweeper);
    await waitFor(async () => (await sweeper.sweep()) > 0, {
      timeoutMs: 10_000,
      what: 'the sweeper to resume the parent',
    });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 30_000);
    expect(run).toMatchObject({ status: 'succeeded', output: { child: { answer: 7 } } });
    // Exactly once: another sweep finds nothing left to resolve.
    expect(await sweeper.sweep()).toBe(0);
  });
});
