import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0, at, runStatus, stepRun, stepSettled, stepStarted } from '../testing/run-fixtures';
import { nestIterations } from './run-iterations';
import { applyStepEvent, buildTimeline, timeAxis, type LiveAttempts } from './run-timeline';

const fold = (...events: Parameters<typeof applyStepEvent>[1][]): LiveAttempts =>
  events.reduce<LiveAttempts>((live, event) => applyStepEvent(live, event), new Map());

describe('run timeline', () => {
  it('orders steps by when their first attempt started, whatever order they settled in', () => {
    const timeline = buildTimeline(
      [
        stepRun('late', { seq: 1, startedAt: at(200) }),
        stepRun('early', { seq: 2, startedAt: at(10) }),
        stepRun('middle', { seq: 3, startedAt: at(100) }),
      ],
      new Map(),
    );
    expect(timeline.map((step) => step.stepId)).toEqual(['early', 'middle', 'late']);
  });

  it('groups the attempts of a retried step, oldest first, and takes the status of the last', () => {
    const timeline = buildTimeline(
      [
        stepRun('call', { attempt: 2, status: 'succeeded', startedAt: at(500), seq: 2 }),
        stepRun('call', { attempt: 1, status: 'failed', startedAt: at(0), seq: 1 }),
      ],
      new Map(),
    );
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(timeline[0]!.latest.status).toBe('succeeded');
  });

  it('keeps steps of different iteration paths apart', () => {
    const timeline = buildTimeline(
      [stepRun('item', { path: '0' }), stepRun('item', { path: '1', startedAt: at(5) })],
      new Map(),
    );
    expect(timeline.map((step) => step.key)).toEqual(['0|item', '1|item']);
  });

  it('shows a step as running from its live start until it settles', () => {
    let live = fold(stepStarted('fetch', 10));
    expect(buildTimeline([], live)[0]).toMatchObject({
      stepId: 'fetch',
      latest: { status: 'running', record: null },
    });

    live = applyStepEvent(live, stepSettled('fetch', 60, { durationMs: 50, port: 'true' }));
    const attempt = buildTimeline([], live)[0]!.latest;
    expect(attempt).toMatchObject({
      status: 'succeeded',
      startedAt: at(10),
      finishedAt: at(60),
      port: 'true',
    });
  });

  it('never takes a settled attempt back to running on a replayed start', () => {
    const live = fold(stepSettled('fetch', 60), stepStarted('fetch', 10));
    expect(buildTimeline([], live)[0]!.latest.status).toBe('succeeded');
  });

  it('prefers the recorded step run (with input, output and logs) over what was heard live', () => {
    const live = fold(stepStarted('fetch', 0), stepSettled('fetch', 100));
    const record = stepRun('fetch', { output: { rows: 3 } });
    const attempt = buildTimeline([record], live)[0]!.latest;
    expect(attempt.record).toBe(record);
  });

  it('keeps a live settle over a record read while the step was still waiting', () => {
    const live = fold(stepSettled('approve', 100, { status: 'succeeded' }));
    const attempt = buildTimeline([stepRun('approve', { status: 'waiting' })], live)[0]!.latest;
    expect(attempt.status).toBe('succeeded');
  });

  it('ignores run status events and events without a step', () => {
    const live = fold(runStatus('running'));
    expect(live.size).toBe(0);
  });

  it('places bars on the run time axis, inside it, and never invisible', () => {
    const timeline = buildTimeline(
      [
        stepRun('a', { startedAt: at(0), finishedAt: at(250), durationMs: 250 }),
        stepRun('b', { startedAt: at(250), finishedAt: at(1000), durationMs: 750, seq: 2 }),
        stepRun('c', { startedAt: at(1000), finishedAt: at(1000), durationMs: 0, seq: 3 }),
      ],
      new Map(),
    );
    const bar = timeAxis({ startedAt: T0, finishedAt: at(1000) }, timeline, 0);
    expect(bar(timeline[0]!.latest)).toEqual({ offset: 0, width: 25 });
    expect(bar(timeline[1]!.latest)).toEqual({ offset: 25, width: 75 });
    expect(bar(timeline[2]!.latest)).toEqual({ offset: 99.5, width: 0.5 });
  });

  it('keeps every bar within the axis for any timings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5000, max: 20_000 }), fc.integer({ min: 0, max: 20_000 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 20_000 }),
        (spans, runLength) => {
          const steps = spans.map(([start, length], i) =>
            stepRun(`s${i}`, {
              startedAt: at(start),
              finishedAt: at(start + length),
              durationMs: length,
              seq: i,
            }),
          );
          const timeline = buildTimeline(steps, new Map());
          const bar = timeAxis({ startedAt: T0, finishedAt: at(runLength) }, timeline, 0);
          for (const step of timeline) {
            const placed = bar(step.latest)!;
            expect(placed.offset).toBeGreaterThanOrEqual(0);
            expect(placed.width).toBeGreaterThan(0);
            expect(placed.offset + placed.width).toBeLessThanOrEqual(100 + 1e-9);
          }
        },
      ),
    );
  });
});

describe('run timeline iterations', () => {
  it('groups forEach body step runs by iteration under their loop step, in index order', () => {
    const rows = nestIterations(
      buildTimeline(
        [
          stepRun('before', { seq: 1, startedAt: at(0) }),
          stepRun('loop', { seq: 9, startedAt: at(10) }),
          stepRun('after', { seq: 10, startedAt: at(500) }),
          stepRun('double', { path: 'loop[1]', seq: 3, startedAt: at(20) }),
          stepRun('double', { path: 'loop[0]', seq: 2, startedAt: at(30) }),
          stepRun('save', { path: 'loop[0]', seq: 4, startedAt: at(40) }),
        ],
        new Map(),
      ),
    );
    expect(rows.map((r) => [r.stepId, r.path, r.depth, r.iterationLabel ?? null])).toEqual([
      ['before', '', 0, null],
      ['loop', '', 0, null],
      ['double', 'loop[0]', 1, 'loop · item 0'],
      ['save', 'loop[0]', 1, null],
      ['double', 'loop[1]', 1, 'loop · item 1'],
      ['after', '', 0, null],
    ]);
  });

  it('nests the iterations of an inner loop under its row, and lists iterations of a loop still running', () => {
    const rows = nestIterations(
      buildTimeline(
        [
          stepRun('inner', { path: 'outer[0]', seq: 3, startedAt: at(10) }),
          stepRun('leaf', { path: 'outer[0].inner[0]', seq: 2, startedAt: at(5) }),
        ],
        new Map(),
      ),
    );
    expect(rows.map((r) => [r.stepId, r.path, r.depth, r.iterationLabel ?? null])).toEqual([
      ['inner', 'outer[0]', 1, 'outer · item 0'],
      ['leaf', 'outer[0].inner[0]', 2, 'inner · item 0'],
    ]);
  });
});
