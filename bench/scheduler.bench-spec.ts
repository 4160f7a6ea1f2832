import { RunScheduler, type FlowGraph, type StepOutcome } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { measure, report } from './harness.js';
import { largeDefinition } from './large-definition.fixture.js';

// The run scheduler on a 500-step flow (the large-definition fixture: conditions, switches, joins)
// and on a 500-wide fan-out joined by one step. "tracker" is the runner's hot loop: one
// RunTracker per run, settle after settle (O(steps + edges) per run). "decide" recomputes from
// all outcomes after every settle (O(steps × (steps + edges)) per run), the baseline the tracker
// exists to avoid. Steps settle oldest first, with no concurrency limit unless the row says so
// (a limit keeps the fan-out's ready list long: every decision lists it). No timing is asserted.

const outcomeOf = (id: string): StepOutcome => {
  if (id.startsWith('check_'))
    return { status: 'succeeded', port: Number(id.slice(6)) % 2 ? 'true' : 'false' };
  if (id.startsWith('route_')) return { status: 'succeeded', port: 'default' };
  return { status: 'succeeded' };
};

const withTracker = (scheduler: RunScheduler, concurrency = Infinity): number => {
  const tracker = scheduler.track();
  const running: string[] = [];
  let decision = tracker.decision;
  while (!decision.done) {
    for (const id of decision.ready.slice(0, concurrency - running.length)) {
      tracker.start(id);
      running.push(id);
    }
    const next = running.shift() as string;
    decision = tracker.settle(next, outcomeOf(next));
  }
  return tracker.outcomes.size;
};

const withDecide = (scheduler: RunScheduler): number => {
  const outcomes = new Map<string, StepOutcome>();
  const running = new Set<string>();
  let decision = scheduler.decide(outcomes, running);
  while (!decision.done) {
    for (const id of [...decision.skip, ...decision.passThrough]) outcomes.set(id, { status: 'skipped' });
    for (const id of decision.ready) running.add(id);
    const next = running.values().next().value as string;
    running.delete(next);
    outcomes.set(next, outcomeOf(next));
    decision = scheduler.decide(outcomes, running);
  }
  for (const id of [...decision.skip, ...decision.passThrough]) outcomes.set(id, { status: 'skipped' });
  return outcomes.size;
};

const fanOut = (width: number): FlowGraph => {
  const ids = Array.from({ length: width }, (_, i) => `branch_${i}`);
  return {
    steps: [
      { id: 'start', type: 'transform', config: {} },
      ...ids.map((id) => ({ id, type: 'transform', config: {} })),
      { id: 'join', type: 'transform', config: {} },
    ],
    edges: [...ids.map((id) => ({ from: 'start', to: id })), ...ids.map((id) => ({ from: id, to: 'join' }))],
  };
};

describe('run scheduler benchmark', () => {
  it('measures whole runs of 500 steps: incremental tracker vs decide after every settle', async () => {
    const chain = largeDefinition(50);
    const wide = fanOut(500);
    const chainScheduler = new RunScheduler(chain);
    const wideScheduler = new RunScheduler(wide);
    expect(withTracker(chainScheduler)).toBe(500);
    expect(withDecide(chainScheduler)).toBe(500);
    expect(withTracker(wideScheduler)).toBe(502);
    expect(withTracker(wideScheduler, 8)).toBe(502);
    expect(withDecide(wideScheduler)).toBe(502);

    const figures = [
      measure('compile 500-step flow (new RunScheduler)', () => new RunScheduler(chain)),
      measure('500-step flow, tracker', () => withTracker(chainScheduler)),
      measure('500-step flow, decide per settle', () => withDecide(chainScheduler), { iterations: 10 }),
      measure('500-wide fan-out, tracker', () => withTracker(wideScheduler)),
      measure('500-wide fan-out, tracker, 8 at a time', () => withTracker(wideScheduler, 8)),
      measure('500-wide fan-out, decide per settle', () => withDecide(wideScheduler), { iterations: 10 }),
    ];
    const medians = figures.map((f) => f.medianMs) as number[];
    const ratios = {
      chainDecideOverTracker: Math.round(((medians[2] as number) / (medians[1] as number)) * 10) / 10,
      wideDecideOverTracker: Math.round(((medians[5] as number) / (medians[3] as number)) * 10) / 10,
    };
    console.log('median ratio decide-per-settle / tracker:', ratios);
    await report('scheduler', figures, { steps: 500, ...ratios });
  });
});
