import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../flows/definition/flow-definition.types.js';
import { RunScheduler } from '../run-scheduler.js';
import { simulateRun } from './run-simulator.js';

const graph: FlowGraph = {
  steps: [
    { id: 'a', type: 'transform', config: {} },
    { id: 'b', type: 'transform', config: {} },
    { id: 'c', type: 'condition', config: {} },
    { id: 'd', type: 'transform', config: {} },
  ],
  edges: [
    { from: 'a', to: 'c' },
    { from: 'b', to: 'c' },
    { from: 'c', to: 'd', when: 'true' },
  ],
};

describe('simulateRun', () => {
  it('runs every step that succeeds and records what it did, in order', () => {
    const run = simulateRun(new RunScheduler(graph), {
      outcomeOf: (id) => (id === 'c' ? { status: 'succeeded', port: 'true' } : { status: 'succeeded' }),
    });
    expect(run).toMatchObject({
      status: 'succeeded',
      started: ['a', 'b', 'c', 'd'],
      settled: ['a', 'b', 'c', 'd'],
      skipped: [],
      endedSteps: ['d'],
    });
    expect(run.events.slice(0, 3)).toEqual([
      { type: 'start', stepId: 'a', decision: 0 },
      { type: 'start', stepId: 'b', decision: 0 },
      { type: 'settle', stepId: 'a', decision: 1 },
    ]);
  });

  it('respects the concurrency limit and the settle order it is told', () => {
    const run = simulateRun(new RunScheduler(graph), { concurrency: 1, pickNext: () => 0 });
    expect(run.started).toEqual(['a', 'b', 'c']);
    expect(run.skipped).toEqual(['d']);
    const reversed = simulateRun(new RunScheduler(graph), { pickNext: (running) => running.length - 1 });
    expect(reversed.settled).toEqual(['b', 'a', 'c']);
  });

  it('reports a failed run and its failed step', () => {
    const run = simulateRun(new RunScheduler(graph), {
      outcomeOf: (id) => (id === 'b' ? { status: 'failed' } : { status: 'succeeded' }),
    });
    expect(run).toMatchObject({ status: 'failed', failedStep: 'b', started: ['a', 'b'], endedSteps: [] });
  });
});
