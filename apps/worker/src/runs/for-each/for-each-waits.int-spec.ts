import { decidedResolution } from '@stepline/domain';
import { DATA_SOURCE, resumeRun, type WaitpointRecord } from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopInLoop, loopOf, replyStep, transformBody } from '../../testing/for-each-fixtures.js';
import { chainOf, definitionOf, startRunHarness, type RunHarness } from '../../testing/run-fixtures.js';
import { resolveEventWait, waitpointsOf, waitUntilParked } from '../../testing/wait-fixtures.js';

/**
 * Waiting steps inside forEach bodies on the real worker (ADR 0006 addendum): each iteration parks
 * on its own waitpoint (path `loop[i]`), the run parks once nothing else can move, and exactly the
 * iteration whose wait was resolved goes on; results stay in input order. Plus maxStepsPerRun
 * counting body steps.
 */
describe('forEach: waits inside the body', () => {
  let h: RunHarness;
  let tenant: string;
  let db: DataSource;

  beforeAll(async () => {
    h = await startRunHarness({
      env: {
        QUOTA_MAX_STEPS_PER_RUN: '40',
        // The sweepers are not what these tests are about: their timers stay out of the way.
        RUN_SWEEP_INTERVAL_MS: '3600000',
      },
    });
    tenant = await h.tenant();
    db = h.workers[0]!.get<DataSource>(DATA_SOURCE);
  });
  afterAll(async () => {
    await h?.close();
  });

  const waitpoints = (runId: string) => waitpointsOf(db, tenant, runId);
  /** The run parked (status waiting) with exactly `count` open waitpoints; answers them. */
  const parkedOn = async (runId: string, count: number): Promise<WaitpointRecord[]> => {
    const open = await waitUntilParked(h, db, tenant, runId, {
      until: (waiting) => waiting.length === count,
      timeoutMs: 15_000,
      what: `run ${runId} to park on ${count} waits`,
    });
    return open.sort((a, b) => a.path.localeCompare(b.path));
  };
  const replyBody = {
    steps: [
      replyStep(),
      { id: 'upper', type: 'transform', config: { expression: '$uppercase(steps.reply.output.text)' } },
    ],
    edges: chainOf(['reply', 'upper']),
    output: '{{ steps.upper.output }}',
  };
  const sendEvent = async (key: string, text: string) => {
    const outcome = await resolveEventWait(db, h.queue, tenant, {
      event: 'line.reply',
      key,
      result: { text },
      resolvedBy: `event:${key}`,
    });
    expect(outcome, `a wait for key ${key}`).not.toBeNull();
    expect(outcome!.kind).toBe('resumed');
  };
  const bodyRows = async (runId: string, stepId: string) =>
    (await h.steps(tenant, runId))
      .filter((s) => s.step_id === stepId)
      .map((s) => [s.path, s.attempt, s.status])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));

  it('a delay in the body parks each iteration and the run; results come back in input order', async () => {
    const flow = await h.publish(
      tenant,
      loopOf(
        {
          steps: [
            { id: 'pause', type: 'delay', config: { mode: 'duration', durationMs: 400 } },
            { id: 'times', type: 'transform', config: { expression: 'item * 10' } },
          ],
          edges: chainOf(['pause', 'times']),
          output: '{{ steps.times.output }}',
        },
        { concurrency: 2 },
      ),
    );
    const runId = await h.start(tenant, flow, { items: [1, 2, 3] });
    const open = await parkedOn(runId, 2);
    // Concurrency 2: the first two iterations wait, the third has not started.
    expect(open.map((w) => [w.kind, w.stepId, w.path, w.attempt])).toEqual([
      ['delay', 'pause', 'loop[0]', 1],
      ['delay', 'pause', 'loop[1]', 1],
    ]);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ loop: [10, 20, 30] });
    expect(await bodyRows(runId, 'pause')).toEqual([
      ['loop[0]', 1, 'waiting'],
      ['loop[0]', 2, 'succeeded'],
      ['loop[1]', 1, 'waiting'],
      ['loop[1]', 2, 'succeeded'],
      ['loop[2]', 1, 'waiting'],
      ['loop[2]', 2, 'succeeded'],
    ]);
    // The loop step itself is recorded once, when it settled.
    expect(await bodyRows(runId, 'loop')).toEqual([['', 1, 'succeeded']]);
  });

  it('an event resumes exactly the iteration waiting for its key; the others keep waiting', async () => {
    const flow = await h.publish(tenant, loopOf(replyBody, { concurrency: 3 }));
    const runId = await h.start(tenant, flow, { items: ['a', 'b', 'c'] });
    const open = await parkedOn(runId, 3);
    expect(open.map((w) => [w.path, w.correlationKey])).toEqual([
      ['loop[0]', 'a'],
      ['loop[1]', 'b'],
      ['loop[2]', 'c'],
    ]);

    await sendEvent('b', 'bee');
    // The run wakes, records iteration 1 and parks again on the two others.
    await waitFor(async () => (await bodyRows(runId, 'upper')).length === 1, {
      timeoutMs: 15_000,
      what: 'iteration 1 to go on',
    });
    const still = await parkedOn(runId, 2);
    expect(still.map((w) => w.path)).toEqual(['loop[0]', 'loop[2]']);
    expect(await bodyRows(runId, 'upper')).toEqual([['loop[1]', 1, 'succeeded']]);

    await sendEvent('c', 'sea');
    await sendEvent('a', 'ay');
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ loop: ['AY', 'BEE', 'SEA'] });
    // Each wait recorded once waiting, once resolved: no iteration ran twice.
    expect(await bodyRows(runId, 'reply')).toEqual([
      ['loop[0]', 1, 'waiting'],
      ['loop[0]', 2, 'succeeded'],
      ['loop[1]', 1, 'waiting'],
      ['loop[1]', 2, 'succeeded'],
      ['loop[2]', 1, 'waiting'],
      ['loop[2]', 2, 'succeeded'],
    ]);
  });

  it('concurrency 1: one approval at a time; a decision follows its port, a timeout the default outcome', async () => {
    const flow = await h.publish(
      tenant,
      loopOf(
        {
          steps: [
            {
              id: 'ok',
              type: 'approval',
              config: { title: 'Expense {{ item.id }}', timeoutMs: 1_000, defaultOutcome: 'rejected' },
            },
            { id: 'paid', type: 'transform', config: { expression: '"paid " & item.id' } },
            { id: 'refused', type: 'transform', config: { expression: '"refused " & item.id' } },
          ],
          edges: [
            { from: 'ok', to: 'paid', when: 'approved' },
            { from: 'ok', to: 'refused', when: 'rejected' },
          ],
        },
        { concurrency: 1 },
      ),
    );
    const runId = await h.start(tenant, flow, { items: [{ id: 'x1' }, { id: 'x2' }] });
    const [first] = await parkedOn(runId, 1);
    expect(first).toMatchObject({ kind: 'approval', path: 'loop[0]' });
    const decided = await resumeRun(db, h.queue, {
      tenantId: tenant,
      waitpointId: first!.id,
      result: decidedResolution('approved', 'fine', { type: 'user', id: null, label: 'test' }, new Date())
        .output,
      resolvedBy: 'user:test',
    });
    expect(decided.kind).toBe('resumed');
    // Then the second iteration asks, and nobody answers: its timeout decides `reject`.
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.error).toBeNull();
    expect(run.output).toEqual({ loop: [{ paid: 'paid x1' }, { refused: 'refused x2' }] });
    const all = await waitpoints(runId);
    expect(all.map((w) => [w.path, w.status]).sort()).toEqual([
      ['loop[0]', 'resolved'],
      ['loop[1]', 'timed_out'],
    ]);
  });

  it('a subflow in the body: each iteration waits for its own child run and gets its output', async () => {
    const child = await h.publish(
      tenant,
      definitionOf(
        [
          { id: 'pause', type: 'delay', config: { mode: 'duration', durationMs: 200 } },
          { id: 'echo', type: 'transform', config: { expression: 'input.n + 1' } },
        ],
        chainOf(['pause', 'echo']),
      ),
    );
    const flow = await h.publish(
      tenant,
      loopOf(
        {
          steps: [
            { id: 'call', type: 'subflow', config: { flowId: child.flowId, input: { n: '{{ item }}' } } },
          ],
          edges: [],
          output: '{{ steps.call.output.echo }}',
        },
        { concurrency: 3 },
      ),
    );
    const runId = await h.start(tenant, flow, { items: [1, 2, 3] });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.error).toBeNull();
    expect(run.output).toEqual({ loop: [2, 3, 4] });
    const all = await waitpoints(runId);
    expect(all.map((w) => [w.kind, w.path, w.status]).sort()).toEqual([
      ['subflow', 'loop[0]', 'resolved'],
      ['subflow', 'loop[1]', 'resolved'],
      ['subflow', 'loop[2]', 'resolved'],
    ]);
  });

  it('a subflow in a loop inside a loop starts one child per iteration path', async () => {
    const child = await h.publish(
      tenant,
      definitionOf([{ id: 'echo', type: 'transform', config: { expression: 'input.n * 10' } }]),
    );
    const flow = await h.publish(
      tenant,
      definitionOf([
        loopInLoop(
          { id: 'call', type: 'subflow', config: { flowId: child.flowId, input: { n: '{{ item }}' } } },
          '{{ steps.call.output.echo }}',
        ),
      ]),
    );
    // outer[0].inner[0] and outer[1].inner[0] share their inner index: each still gets its own child.
    const runId = await h.start(tenant, flow, { rows: [[1], [2, 3]] });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.error).toBeNull();
    expect(run.output).toEqual({ outer: [[10], [20, 30]] });
    const children = await h.query<{ n: number }>(
      tenant,
      `SELECT count(*)::int AS n FROM runs WHERE parent_run_id = $1`,
      [runId],
    );
    expect(children[0]!.n).toBe(3);
  });

  it('a failing iteration fails the loop (policy fail) while others wait; their waits end with the run', async () => {
    const flow = await h.publish(
      tenant,
      loopOf(
        {
          steps: [
            replyStep(),
            { id: 'check', type: 'transform', config: { expression: '$number(steps.reply.output.text)' } },
          ],
          edges: chainOf(['reply', 'check']),
        },
        { concurrency: 2 },
      ),
    );
    const runId = await h.start(tenant, flow, { items: ['f1', 'f2'] });
    await parkedOn(runId, 2);
    await sendEvent('f2', 'not a number');
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.status).toBe('failed');
    expect((await waitpoints(runId)).map((w) => [w.path, w.status]).sort()).toEqual([
      ['loop[0]', 'cancelled'],
      ['loop[1]', 'resolved'],
    ]);
  });

  it('a loop inside a loop waits per inner iteration path', async () => {
    const flow = await h.publish(
      tenant,
      definitionOf([loopInLoop(replyStep('cell'), '{{ steps.cell.output.text }}', { concurrency: 2 })]),
    );
    const runId = await h.start(tenant, flow, { rows: [['n1', 'n2'], ['n3']] });
    const open = await parkedOn(runId, 3);
    expect(open.map((w) => [w.path, w.correlationKey])).toEqual([
      ['outer[0].inner[0]', 'n1'],
      ['outer[0].inner[1]', 'n2'],
      ['outer[1].inner[0]', 'n3'],
    ]);
    await sendEvent('n3', 'three');
    await sendEvent('n1', 'one');
    await sendEvent('n2', 'two');
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.error).toBeNull();
    expect(run.output).toEqual({ outer: [['one', 'two'], ['three']] });
  });

  it('body step attempts count against maxStepsPerRun: past it the run fails with the limit', async () => {
    const flow = await h.publish(tenant, loopOf(transformBody('item * 2')));
    // 50 body steps + the loop: past the limit of 40, though the run has one top-level step.
    const runId = await h.start(tenant, flow, { items: Array.from({ length: 50 }, (_, i) => i) });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'quota.max_steps_exceeded', detail: { limit: 40 } });
    // The loop took one step, its body the 39 others: the 40th body step was refused.
    const rows = (await h.steps(tenant, runId)).filter((s) => s.step_id === 'double');
    expect(rows).toHaveLength(39);

    const within = await h.start(tenant, flow, { items: Array.from({ length: 39 }, (_, i) => i) });
    expect((await h.waitForStatus(tenant, within, ['succeeded', 'failed'])).status).toBe('succeeded');
  });

  it('waiting body steps count once waiting and once resumed, across the run parking', async () => {
    const flow = await h.publish(tenant, loopOf(replyBody, { concurrency: 20 }));
    // 20 iterations × (reply waiting + reply resumed + upper) + the loop = 61 > 40: the loop opens
    // its 20 waits (21 steps), then resumed replies and their `upper` steps run into the limit.
    const keys = Array.from({ length: 20 }, (_, i) => `q${i}`);
    const runId = await h.start(tenant, flow, { items: keys });
    await parkedOn(runId, 20);
    for (const key of keys) {
      const wait = { event: 'line.reply', key, result: { text: key }, resolvedBy: 'event:t' };
      // Null: the run failed meanwhile, its waits were cancelled.
      if (!(await resolveEventWait(db, h.queue, tenant, wait))) break;
    }
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed'], 20_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'quota.max_steps_exceeded', detail: { limit: 40 } });
  });
});
