import {
  DATA_SOURCE,
  findWaitingForEvent,
  inTenant,
  resumeRun,
  type WaitpointRecord,
} from '@stepline/server';
import { waitFor } from '@stepline/server/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainOf, definitionOf, startRunHarness, type RunHarness } from '../testing/run-fixtures.js';
import { waitpointsOf, waitUntilParked } from '../testing/wait-fixtures.js';
import { WaitpointSweeper } from './waitpoint-sweeper.js';

/** Waits for a reply keyed by the phone number; with `timeoutEdge`, `received` → answer, `timeout` → nobody. */
const chatFlow = (extra: { timeoutMs?: number; timeoutEdge?: boolean } = {}) => {
  const reply = {
    id: 'reply',
    type: 'waitForEvent',
    config: {
      event: 'message.received',
      correlationKey: '{{ input.phone }}',
      ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
    },
  };
  const answer = { id: 'answer', type: 'transform', config: { expression: 'steps.reply.output.text' } };
  if (extra.timeoutEdge) {
    return definitionOf(
      [reply, answer, { id: 'nobody', type: 'transform', config: { expression: '"no answer"' } }],
      [
        { from: 'reply', to: 'answer', when: 'received' },
        { from: 'reply', to: 'nobody', when: 'timeout' },
      ],
    );
  }
  return definitionOf([reply, answer], chainOf(['reply', 'answer']));
};

describe('durable waits: delay and waitForEvent on the real worker', () => {
  let h: RunHarness;
  let tenant: string;
  let db: DataSource;

  beforeAll(async () => {
    h = await startRunHarness({
      env: {
        WORKER_CONCURRENCY: '1',
        // The sweepers are called by the tests, not by their timers; due waits count after 500 ms.
        RUN_SWEEP_INTERVAL_MS: '3600000',
        RUN_SWEEP_STALE_AFTER_MS: '500',
      },
    });
    tenant = await h.tenant();
    db = h.workers[0]!.get<DataSource>(DATA_SOURCE);
  });
  afterAll(async () => {
    await h?.close();
  });

  const waitpoints = (tenantId: string, runId: string) => waitpointsOf(db, tenantId, runId);
  const waitingFor = async (tenantId: string, runId: string): Promise<WaitpointRecord> => {
    const [found] = await waitUntilParked(h, db, tenantId, runId, {
      until: (open) => open.length > 0,
      timeoutMs: 10_000,
      what: `run ${runId} to wait`,
    });
    return found!;
  };
  const resume = (tenantId: string, waitpointId: string, result: unknown, by = 'event:test') =>
    resumeRun(db, h.queue, { tenantId, waitpointId, result, resolvedBy: by });
  /** Runs the waitpoint sweeper (its timer is off in these tests) until it wakes a run. */
  const sweepUntilWoken = async () => {
    const sweeper = h.workers[0]!.get(WaitpointSweeper);
    await waitFor(async () => (await sweeper.sweep()) > 0, {
      timeoutMs: 10_000,
      what: 'the sweeper to wake the run',
    });
  };

  it('a delay by duration parks the run, then resumes it with { resumedAt } as a second step run', async () => {
    const flow = await h.publish(
      tenant,
      definitionOf(
        [
          { id: 'pause', type: 'delay', config: { mode: 'duration', durationMs: 1_500 } },
          { id: 'after', type: 'transform', config: { expression: 'steps.pause.output.resumedAt' } },
        ],
        chainOf(['pause', 'after']),
      ),
    );
    const runId = await h.start(tenant, flow);
    const wait = await waitingFor(tenant, runId);
    expect(wait).toMatchObject({ kind: 'delay', stepId: 'pause', attempt: 1 });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    const steps = await h.steps(tenant, runId);
    expect(steps.filter((s) => s.step_id === 'pause').map((s) => [s.attempt, s.status])).toEqual([
      [1, 'waiting'],
      [2, 'succeeded'],
    ]);
    const resumedAt = (
      steps.find((s) => s.step_id === 'pause' && s.attempt === 2)!.output as {
        resumedAt: string;
      }
    ).resumedAt;
    expect(Date.parse(resumedAt)).toBeGreaterThanOrEqual(wait.resumeAt!.getTime());
    expect(run.output).toEqual({ after: resumedAt });
  });

  it('a delay until a time resumes the run at that time', async () => {
    const until = new Date(Date.now() + 1_500).toISOString();
    const flow = await h.publish(
      tenant,
      definitionOf([{ id: 'pause', type: 'delay', config: { mode: 'until', until: '{{ input.at }}' } }]),
    );
    const runId = await h.start(tenant, flow, { at: until });
    const wait = await waitingFor(tenant, runId);
    expect(wait.resumeAt?.toISOString()).toBe(until);
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
  });

  it('an event with the matching key resumes exactly its run; another key or tenant resumes none', async () => {
    const other = await h.tenant();
    const flow = await h.publish(tenant, chatFlow());
    const otherFlow = await h.publish(other, chatFlow());
    const [a, b, c] = [
      await h.start(tenant, flow, { phone: '+100' }),
      await h.start(tenant, flow, { phone: '+200' }),
      await h.start(other, otherFlow, { phone: '+100' }),
    ];
    await Promise.all([waitingFor(tenant, a), waitingFor(tenant, b), waitingFor(other, c)]);

    const matches = await inTenant(db, tenant, (m) =>
      findWaitingForEvent(m, tenant, 'message.received', '+100'),
    );
    expect(matches.map((w) => w.runId)).toEqual([a]);
    expect(
      await inTenant(db, tenant, (m) => findWaitingForEvent(m, tenant, 'message.received', '+999')),
    ).toEqual([]);
    expect(await inTenant(db, tenant, (m) => findWaitingForEvent(m, tenant, 'other.event', '+100'))).toEqual(
      [],
    );

    expect((await resume(tenant, matches[0]!.id, { text: 'yes' })).kind).toBe('resumed');
    const done = await h.waitForStatus(tenant, a, ['succeeded', 'failed']);
    expect(done).toMatchObject({ status: 'succeeded', output: { answer: 'yes' } });
    const reply = (await h.steps(tenant, a)).filter((s) => s.step_id === 'reply');
    expect(reply.map((s) => [s.attempt, s.status, s.output])).toEqual([
      [1, 'waiting', null],
      [2, 'succeeded', { text: 'yes' }],
    ]);
    expect((await h.run(tenant, b)).status).toBe('waiting');
    expect((await h.run(other, c)).status).toBe('waiting');
    // Another tenant's waitpoint is not even visible to the resume.
    const foreign = (await waitpoints(other, c))[0]!;
    expect((await resume(tenant, foreign.id, { text: 'hijack' })).kind).toBe('not_found');
    expect((await h.run(other, c)).status).toBe('waiting');
  });

  it('two concurrent resumes of one wait are applied once', async () => {
    const flow = await h.publish(tenant, chatFlow());
    const runId = await h.start(tenant, flow, { phone: '+300' });
    const wait = await waitingFor(tenant, runId);
    const outcomes = await Promise.all([
      resume(tenant, wait.id, { text: 'first' }, 'event:1'),
      resume(tenant, wait.id, { text: 'second' }, 'event:2'),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['already', 'resumed']);
    const winner = outcomes.find((o) => o.kind === 'resumed')!;
    const text = winner.kind === 'resumed' ? (winner.waitpoint.result as { text: string }).text : '';
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.output).toEqual({ answer: text });
    const rows = (await h.steps(tenant, runId)).filter((s) => s.step_id === 'answer');
    expect(rows).toHaveLength(1);
  });

  it('a timeout follows the timeout edge when the flow has one', async () => {
    const flow = await h.publish(tenant, chatFlow({ timeoutMs: 1_000, timeoutEdge: true }));
    const runId = await h.start(tenant, flow, { phone: '+400' });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { nobody: 'no answer' } });
    const reply = (await h.steps(tenant, runId)).filter((s) => s.step_id === 'reply');
    expect(reply.map((s) => [s.status, s.port])).toEqual([
      ['waiting', null],
      ['succeeded', 'timeout'],
    ]);
    expect((await waitpoints(tenant, runId))[0]).toMatchObject({
      status: 'timed_out',
      resolvedBy: 'timeout',
    });
    expect((await h.steps(tenant, runId)).find((s) => s.step_id === 'answer')?.status).toBe('skipped');
  });

  it('an event before the timeout takes the received edge only', async () => {
    const flow = await h.publish(tenant, chatFlow({ timeoutMs: 60_000, timeoutEdge: true }));
    const runId = await h.start(tenant, flow, { phone: '+450' });
    const wait = await waitingFor(tenant, runId);
    await resume(tenant, wait.id, { text: 'in time' });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { answer: 'in time' } });
    expect((await h.steps(tenant, runId)).find((s) => s.step_id === 'nobody')?.status).toBe('skipped');
  });

  it('a timeout without a timeout edge fails the step and the run with wait.timed_out', async () => {
    const flow = await h.publish(tenant, chatFlow({ timeoutMs: 1_000 }));
    const runId = await h.start(tenant, flow, { phone: '+500' });
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'wait.timed_out', stepId: 'reply' });
  });

  it('a waiting run holds no job: with one worker slot another run completes meanwhile', async () => {
    const waitingFlow = await h.publish(tenant, chatFlow());
    const quick = await h.publish(
      tenant,
      definitionOf([{ id: 'x', type: 'transform', config: { expression: '1' } }]),
    );
    const parked = await h.start(tenant, waitingFlow, { phone: '+600' });
    const wait = await waitingFor(tenant, parked);
    await waitFor(async () => (await h.queue.getJob(parked)) === undefined, {
      timeoutMs: 5_000,
      what: 'the parked run’s job to end',
    });
    const other = await h.start(tenant, quick);
    expect((await h.waitForStatus(tenant, other, ['succeeded', 'failed'])).status).toBe('succeeded');
    await resume(tenant, wait.id, { text: 'late' });
    expect((await h.waitForStatus(tenant, parked, ['succeeded', 'failed'])).status).toBe('succeeded');
  });

  it('a parked run still ends at its flow timeout — even when Redis lost its delayed job', async () => {
    const flow = await h.publish(tenant, { ...chatFlow(), settings: { timeoutMs: 1_500 } });
    const runId = await h.start(tenant, flow, { phone: '+800' });
    const wait = await waitingFor(tenant, runId);
    // An untimed wait is looked at again by the run's deadline.
    expect(wait.resumeAt).not.toBeNull();
    await (await h.queue.getJob(runId))?.remove();
    await sweepUntilWoken();
    const run = await h.waitForStatus(tenant, runId, ['timed_out', 'succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'timed_out', error: { code: 'run.timed_out' } });
    expect((await h.steps(tenant, runId)).map((s) => s.status)).toEqual(['waiting']);
  });

  it('a timeout whose delayed job Redis lost is fired by the waitpoint sweeper', async () => {
    const flow = await h.publish(tenant, chatFlow({ timeoutMs: 1_000, timeoutEdge: true }));
    const runId = await h.start(tenant, flow, { phone: '+700' });
    await waitingFor(tenant, runId);
    // The delayed job is lost (Redis restarted empty).
    await (await h.queue.getJob(runId))?.remove();
    await sweepUntilWoken();
    const run = await h.waitForStatus(tenant, runId, ['succeeded', 'failed']);
    expect(run).toMatchObject({ status: 'succeeded', output: { nobody: 'no answer' } });
  });
});
