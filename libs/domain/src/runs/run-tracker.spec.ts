import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import type { FlowGraph } from '../flows/definition/flow-definition.types.js';
import { RunScheduler } from './run-scheduler.js';

const graph: FlowGraph = {
  steps: [
    { id: 'a', type: 'transform', config: {} },
    { id: 'b', type: 'transform', config: {} },
    { id: 'c', type: 'condition', config: {} },
    { id: 'yes', type: 'transform', config: {} },
    { id: 'off', type: 'transform', config: {}, disabled: true },
    { id: 'end', type: 'transform', config: {} },
  ],
  edges: [
    { from: 'a', to: 'c' },
    { from: 'b', to: 'c' },
    { from: 'c', to: 'yes', when: 'true' },
    { from: 'c', to: 'off' },
    { from: 'off', to: 'end' },
  ],
};

const codeOf = (action: () => unknown): string | undefined => {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
};

describe('RunTracker', () => {
  it('walks a run step by step, reporting each skip and pass-through once', () => {
    const tracker = new RunScheduler(graph).track();
    expect(tracker.decision.ready).toEqual(['a', 'b']);
    tracker.start('a');
    expect(tracker.running).toEqual(new Set(['a']));
    // `b` was offered but not started (a concurrency limit): it is offered again.
    expect(tracker.settle('a', { status: 'succeeded' })).toMatchObject({ ready: ['b'], done: false });
    tracker.start('b');
    expect(tracker.settle('b', { status: 'succeeded' })).toMatchObject({ ready: ['c'], skip: [] });
    tracker.start('c');
    expect(tracker.settle('c', { status: 'succeeded', port: 'false' })).toEqual({
      ready: ['end'],
      skip: ['yes'],
      passThrough: ['off'],
      done: false,
      endedSteps: [],
    });
    expect(tracker.outcomes.get('yes')).toEqual({ status: 'skipped' });
    tracker.start('end');
    expect(tracker.settle('end', { status: 'succeeded' })).toEqual({
      ready: [],
      skip: [],
      passThrough: [],
      done: true,
      // `c` led on to `end` through the disabled `off`; the `true` branch it did not take ends nothing.
      endedSteps: ['end'],
    });
    expect(tracker.decision.done).toBe(true);
  });

  it('settles a ready step that was never marked started', () => {
    const tracker = new RunScheduler(graph).track();
    expect(tracker.settle('b', { status: 'succeeded' }).ready).toEqual(['a']);
  });

  it('resumes from checkpoints with the same decision decide gives', () => {
    const scheduler = new RunScheduler(graph);
    const checkpoints = new Map([
      ['a', { status: 'succeeded' as const }],
      ['b', { status: 'succeeded' as const }],
    ]);
    const tracker = scheduler.track(checkpoints, new Set(['c']));
    expect(tracker.decision).toEqual(scheduler.decide(checkpoints, new Set(['c'])));
    expect(tracker.running).toEqual(new Set(['c']));
    expect(tracker.settle('c', { status: 'succeeded', port: 'true' }).ready).toEqual(['yes', 'end']);
  });

  it('refuses, as a runner bug (internal.error), to start or settle a step out of turn', () => {
    const tracker = new RunScheduler(graph).track();
    expect(codeOf(() => tracker.start('c'))).toBe('internal.error');
    expect(codeOf(() => tracker.settle('c', { status: 'succeeded' }))).toBe('internal.error');
    expect(codeOf(() => tracker.start('ghost'))).toBe('internal.error');
    tracker.start('a');
    expect(codeOf(() => tracker.start('a'))).toBe('internal.error');
    tracker.settle('a', { status: 'succeeded' });
    expect(codeOf(() => tracker.settle('a', { status: 'succeeded' }))).toBe('internal.error');
    expect(codeOf(() => tracker.settle('b', { status: 'done' as never }))).toBe('internal.error');
  });

  it('refuses to settle a step it skipped or passed through itself', () => {
    const tracker = new RunScheduler(graph).track();
    tracker.settle('a', { status: 'succeeded' });
    tracker.settle('b', { status: 'succeeded' });
    tracker.settle('c', { status: 'succeeded', port: 'false' });
    expect(codeOf(() => tracker.settle('yes', { status: 'skipped' }))).toBe('internal.error');
    expect(codeOf(() => tracker.settle('off', { status: 'skipped' }))).toBe('internal.error');
  });

  it('starts nothing once the run has failed, and is done when the last running step settles', () => {
    const tracker = new RunScheduler(graph).track();
    tracker.start('a');
    tracker.start('b');
    expect(tracker.settle('a', { status: 'failed' })).toMatchObject({
      failedStep: 'a',
      ready: [],
      done: false,
    });
    expect(tracker.settle('b', { status: 'succeeded' })).toEqual({
      ready: [],
      skip: [],
      passThrough: [],
      failedStep: 'a',
      done: true,
      endedSteps: [],
    });
    expect(codeOf(() => tracker.start('c'))).toBe('internal.error');
  });

  it('handles a long chain of skips without deep recursion', () => {
    const size = 20_000;
    const steps = Array.from({ length: size }, (_, i) => ({ id: `s${i}`, type: 'transform', config: {} }));
    const edges = steps.slice(1).map((s, i) => ({ from: `s${i}`, to: s.id }));
    const tracker = new RunScheduler({ steps, edges }).track();
    const decision = tracker.settle('s0', { status: 'skipped' });
    expect(decision.skip).toHaveLength(size - 1);
    expect(decision.done).toBe(true);
  });

  it('answers edgeIsActive from its own state', () => {
    const tracker = new RunScheduler(graph).track();
    tracker.settle('a', { status: 'succeeded' });
    tracker.settle('b', { status: 'succeeded' });
    tracker.settle('c', { status: 'succeeded', port: 'false' });
    expect(tracker.edgeIsActive({ from: 'c', to: 'off' })).toBe(true);
    expect(tracker.edgeIsActive({ from: 'off', to: 'end' })).toBe(true);
    expect(tracker.edgeIsActive({ from: 'c', to: 'yes', when: 'true' })).toBe(false);
  });
});
