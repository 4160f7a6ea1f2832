import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  FlowEdge,
  FlowGraph,
  FlowStep,
  OnErrorMode,
} from '../flows/definition/flow-definition.types.js';
import { RunScheduler } from './run-scheduler.js';
import type { StepOutcome } from './scheduler.types.js';
import { simulateRun, type SimulatedRun, type SimulateRunOptions } from './testing/run-simulator.js';

// Random DAGs: step i may only have parents among steps 0..i-1; edge labels come from the parent's
// real ports (condition true/false, switch a/b/default, error when it branches on error), so
// every graph is one the validator accepts. Each step also draws the outcome it will have if it
// runs. The properties compare the scheduler with a naive fixpoint oracle written independently
// below, and with itself across settle orders, concurrency limits and resumes from checkpoints.

const KINDS = { plain: [], condition: ['true', 'false'], switch: ['a', 'b', 'default'] } as const;
type Kind = keyof typeof KINDS;

interface Scenario {
  graph: FlowGraph;
  outcomes: Map<string, StepOutcome>;
}

const stepSeed = fc.record({
  kind: fc.constantFrom<Kind>('plain', 'condition', 'switch'),
  onError: fc.constantFrom<OnErrorMode | undefined>(undefined, 'fail', 'continue', 'branch'),
  disabled: fc.nat(5).map((n) => n === 0),
  parents: fc.array(fc.nat(), { maxLength: 3 }),
  whens: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  twinEdge: fc.nat(7).map((n) => n === 0),
  fails: fc.nat(4).map((n) => n === 0),
  fatal: fc.nat(3).map((n) => n === 0),
  port: fc.nat(),
});

const scenario: fc.Arbitrary<Scenario> = fc.array(stepSeed, { minLength: 1, maxLength: 14 }).map((seeds) => {
  const steps: FlowStep[] = [];
  const edges: FlowEdge[] = [];
  const outcomes = new Map<string, StepOutcome>();
  seeds.forEach((seed, i) => {
    const id = `s${i}`;
    const step: FlowStep = { id, type: seed.kind, config: {} };
    if (seed.onError) step.onError = seed.onError;
    if (seed.disabled) step.disabled = true;
    steps.push(step);
    const parents = i === 0 ? [] : [...new Set(seed.parents.map((p) => p % i))];
    parents.forEach((p, k) => {
      const parent = steps[p] as FlowStep;
      const labels = [
        undefined,
        ...KINDS[parent.type as Kind],
        ...(parent.onError === 'branch' ? ['error'] : []),
      ];
      const pick = (n: number) => labels[n % labels.length];
      const add = (when: string | undefined) =>
        edges.push(when === undefined ? { from: parent.id, to: id } : { from: parent.id, to: id, when });
      const when = pick(seed.whens[k] as number);
      add(when);
      const twin = pick((seed.whens[k] as number) + 1);
      if (seed.twinEdge && twin !== when) add(twin);
    });
    const ports = KINDS[seed.kind];
    const port = ports.length > 0 ? ports[seed.port % ports.length] : undefined;
    outcomes.set(
      id,
      seed.fails
        ? { status: 'failed', ...(seed.fatal ? { fatal: true } : {}) }
        : { status: 'succeeded', ...(port === undefined ? {} : { port }) },
    );
  });
  return { graph: { steps, edges }, outcomes };
});

const runOptions = fc.record({
  concurrency: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  picks: fc.array(fc.nat(), { maxLength: 20 }),
});

const simulate = (s: Scenario, options: { concurrency?: number | undefined; picks?: number[] } = {}) => {
  const picks = [...(options.picks ?? [])];
  const settings: SimulateRunOptions = {
    outcomeOf: (id) => s.outcomes.get(id) as StepOutcome,
    pickNext: () => picks.shift() ?? 0,
  };
  if (options.concurrency !== undefined) settings.concurrency = options.concurrency;
  return simulateRun(new RunScheduler(s.graph), settings);
};

// --- The oracle: fates by repeated passes until nothing changes, straight from the README. ---

type Fate = 'executed' | 'skipped' | 'passed';

const fatal = (step: FlowStep, outcome: StepOutcome): boolean =>
  !step.disabled &&
  outcome.status === 'failed' &&
  (outcome.fatal === true || (step.onError ?? 'fail') === 'fail');

const oracle = (s: Scenario) => {
  const fate = new Map<string, Fate>();
  const stepOf = new Map(s.graph.steps.map((step) => [step.id, step]));
  const active = (edge: FlowEdge): boolean => {
    const from = fate.get(edge.from);
    if (from === 'passed') return edge.when === undefined;
    if (from !== 'executed') return false;
    const outcome = s.outcomes.get(edge.from) as StepOutcome;
    const step = stepOf.get(edge.from) as FlowStep;
    if (outcome.status === 'succeeded') return edge.when === undefined || edge.when === outcome.port;
    if (fatal(step, outcome) || outcome.fatal) return false;
    return step.onError === 'branch' ? edge.when === 'error' : edge.when === undefined;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const step of s.graph.steps) {
      const incoming = s.graph.edges.filter((e) => e.to === step.id);
      if (fate.has(step.id) || incoming.some((e) => !fate.has(e.from))) continue;
      const reached = incoming.length === 0 || incoming.some(active);
      fate.set(step.id, !reached ? 'skipped' : step.disabled ? 'passed' : 'executed');
      changed = true;
    }
  }
  const goesOn = (id: string): boolean =>
    s.graph.edges.some(
      (e) =>
        e.from === id &&
        active(e) &&
        (fate.get(e.to) === 'executed' || (fate.get(e.to) === 'passed' && goesOn(e.to))),
    );
  const executed = s.graph.steps.filter((step) => fate.get(step.id) === 'executed');
  return {
    fate,
    fails: executed.some((step) => fatal(step, s.outcomes.get(step.id) as StepOutcome)),
    ended: executed.filter((step) => !goesOn(step.id)).map((step) => step.id),
  };
};

const fatesOf = (run: SimulatedRun): Map<string, Fate> =>
  new Map<string, Fate>([
    ...run.started.map((id) => [id, 'executed'] as const),
    ...run.skipped.map((id) => [id, 'skipped'] as const),
    ...run.passedThrough.map((id) => [id, 'passed'] as const),
  ]);

const sorted = (map: Map<string, Fate>) => [...map].sort(([a], [b]) => a.localeCompare(b));

describe('RunScheduler properties over random DAGs', () => {
  it('agrees with the oracle on every fate, the ended steps and whether the run fails', () => {
    fc.assert(
      fc.property(scenario, runOptions, (s, options) => {
        const run = simulate(s, options);
        const expected = oracle(s);
        expect(run.status).toBe(expected.fails ? 'failed' : 'succeeded');
        if (run.status === 'succeeded') {
          expect(sorted(fatesOf(run))).toEqual(sorted(expected.fate));
          expect(run.endedSteps).toEqual(expected.ended);
        } else {
          // A failed run stops early: what it did is a part of what a run without the stop does.
          for (const [id, fate] of fatesOf(run)) expect(expected.fate.get(id)).toBe(fate);
          const failedStep = s.graph.steps.find((step) => step.id === run.failedStep) as FlowStep;
          expect(fatal(failedStep, s.outcomes.get(failedStep.id) as StepOutcome)).toBe(true);
          expect(run.endedSteps).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('decides every step exactly once (ready, skip or pass-through) — all of them unless the run fails', () => {
    fc.assert(
      fc.property(scenario, runOptions, (s, options) => {
        const run = simulate(s, options);
        const decided = [...run.started, ...run.skipped, ...run.passedThrough];
        expect(new Set(decided).size).toBe(decided.length);
        expect(run.settled.sort()).toEqual([...run.started].sort());
        if (run.status === 'succeeded') expect(decided.length).toBe(s.graph.steps.length);
        for (const decision of run.decisions) {
          const ready = new Set(decision.ready);
          expect([...decision.skip, ...decision.passThrough].some((id) => ready.has(id))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never starts or decides a step before all its parents have settled', () => {
    fc.assert(
      fc.property(scenario, runOptions, (s, options) => {
        const run = simulate(s, options);
        // When each step settled: the index of the decision that settled it (or was produced by it).
        const settledAt = new Map<string, number>();
        for (const event of run.events)
          if (event.type !== 'start') settledAt.set(event.stepId, event.decision);
        for (const event of run.events) {
          if (event.type === 'settle') continue;
          for (const edge of s.graph.edges.filter((e) => e.to === event.stepId)) {
            expect(settledAt.get(edge.from) ?? Infinity).toBeLessThanOrEqual(event.decision);
          }
          if (event.type === 'start') expect(settledAt.get(event.stepId)).toBeGreaterThan(event.decision);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never skips a step with an active incoming edge, and never runs one without (roots aside)', () => {
    fc.assert(
      fc.property(scenario, runOptions, (s, options) => {
        const scheduler = new RunScheduler(s.graph);
        const run = simulate(s, options);
        const tracker = scheduler.track(run.outcomes);
        const activeIn = (id: string) => s.graph.edges.some((e) => e.to === id && tracker.edgeIsActive(e));
        const isRoot = (id: string) => !s.graph.edges.some((e) => e.to === id);
        for (const id of run.skipped) expect(activeIn(id)).toBe(false);
        for (const id of [...run.started, ...run.passedThrough])
          expect(activeIn(id) || isRoot(id)).toBe(true);
        for (const edge of s.graph.edges) {
          expect(scheduler.edgeIsActive(edge, run.outcomes)).toBe(tracker.edgeIsActive(edge));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic, and a run that does not fail ends the same whatever the settle order and concurrency', () => {
    fc.assert(
      fc.property(scenario, runOptions, runOptions, (s, first, second) => {
        const a = simulate(s, first);
        expect(simulate(s, first)).toEqual(a);
        const b = simulate(s, second);
        expect(b.status).toBe(a.status);
        if (a.status === 'succeeded') {
          expect(sorted(fatesOf(b))).toEqual(sorted(fatesOf(a)));
          expect(b.endedSteps).toEqual(a.endedSteps);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('makes every incremental decision equal to a fresh decide over the same outcomes', () => {
    fc.assert(
      fc.property(scenario, runOptions, (s, options) => {
        const scheduler = new RunScheduler(s.graph);
        const tracker = scheduler.track();
        expect(tracker.decision).toEqual(scheduler.decide(new Map()));
        const picks = [...options.picks];
        const limit = options.concurrency ?? Infinity;
        for (let guard = 0; guard <= s.graph.steps.length; guard++) {
          const free = limit - tracker.running.size;
          for (const id of tracker.decision.ready.slice(0, Math.max(0, free))) tracker.start(id);
          if (tracker.decision.done) return;
          // Resuming from the checkpoints offers again what was running (a killed worker's steps).
          if (tracker.decision.failedStep === undefined) {
            const resumed = scheduler.decide(tracker.outcomes, new Set());
            const expected = [...tracker.running, ...tracker.decision.ready];
            const order = scheduler.stepIds;
            expect(resumed.ready).toEqual(order.filter((id) => expected.includes(id)));
          }
          const running = [...tracker.running];
          const next = running[(picks.shift() ?? 0) % running.length] as string;
          const before = new Map(tracker.outcomes);
          const decision = tracker.settle(next, s.outcomes.get(next) as StepOutcome);
          before.set(next, s.outcomes.get(next) as StepOutcome);
          expect(decision).toEqual(scheduler.decide(before, new Set(tracker.running)));
        }
        throw new Error('the run did not finish');
      }),
      { numRuns: 300 },
    );
  });

  it('decides sanely from any checkpoints, even inconsistent ones (a child settled before its parent)', () => {
    const checkpoint = fc.record({
      status: fc.constantFrom('succeeded' as const, 'failed' as const, 'skipped' as const),
      port: fc.option(fc.constantFrom('true', 'false', 'a', 'default', 'error'), { nil: undefined }),
      fatal: fc.option(fc.boolean(), { nil: undefined }),
    });
    const ids = fc.array(fc.constantFrom<string>('s0', 's1', 's2', 's3', 's4', 's5', 'ghost'), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        scenario,
        fc.dictionary(fc.constantFrom('s0', 's1', 's2', 's3', 's4', 'ghost'), checkpoint),
        ids,
        (s, raw, running) => {
          const scheduler = new RunScheduler(s.graph);
          const outcomes = new Map(
            Object.entries(raw).map(([id, o]) => [id, JSON.parse(JSON.stringify(o)) as StepOutcome]),
          );
          const decision = scheduler.decide(outcomes, new Set(running));
          const order = scheduler.stepIds;
          const lists = [decision.ready, decision.skip, decision.passThrough];
          const all = lists.flat();
          expect(new Set(all).size).toBe(all.length);
          for (const list of lists) expect(list).toEqual(order.filter((id) => list.includes(id)));
          expect(all.some((id) => outcomes.has(id))).toBe(false);
          expect(decision.ready.some((id) => running.includes(id))).toBe(false);
          const settled = new Set([...outcomes.keys(), ...decision.skip, ...decision.passThrough]);
          for (const id of all) {
            expect(s.graph.edges.filter((e) => e.to === id).every((e) => settled.has(e.from))).toBe(true);
          }
          if (decision.failedStep !== undefined) expect(all).toEqual([]);
          expect(scheduler.decide(outcomes, new Set(running))).toEqual(decision);
        },
      ),
      { numRuns: 300 },
    );
  });
});
