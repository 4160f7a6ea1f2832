import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
import type { FlowGraph, FlowStep } from '../flows/definition/flow-definition.types.js';
import { RunScheduler } from './run-scheduler.js';
import type { StepOutcome } from './scheduler.types.js';

const step = (id: string, extra: Partial<FlowStep> = {}): FlowStep => ({
  id,
  type: 'transform',
  config: {},
  ...extra,
});

/** `steps` as ids or steps; `edges` as "a>b c>d:true" (`:port` sets `when`). */
const flow = (steps: (string | FlowStep)[], edges = ''): FlowGraph => ({
  steps: steps.map((s) => (typeof s === 'string' ? step(s) : s)),
  edges: edges
    .split(' ')
    .filter(Boolean)
    .map((text) => {
      const [pair, when] = text.split(':') as [string, string | undefined];
      const [from, to] = pair.split('>') as [string, string];
      return when === undefined ? { from, to } : { from, to, when };
    }),
});

const ok = (port?: string): StepOutcome =>
  port === undefined ? { status: 'succeeded' } : { status: 'succeeded', port };
const failed: StepOutcome = { status: 'failed' };
const skipped: StepOutcome = { status: 'skipped' };
const settled = (entries: Record<string, StepOutcome>): Map<string, StepOutcome> =>
  new Map(Object.entries(entries));
const decide = (graph: FlowGraph, outcomes: Record<string, StepOutcome> = {}, running: string[] = []) =>
  new RunScheduler(graph).decide(settled(outcomes), new Set(running));

const condition = (id: string, extra: Partial<FlowStep> = {}) => step(id, { type: 'condition', ...extra });

describe('RunScheduler.decide — readiness', () => {
  it('starts every root at once, in definition order', () => {
    const decision = decide(flow(['b', 'a', 'c'], 'a>c'));
    expect(decision).toEqual({ ready: ['b', 'a'], skip: [], passThrough: [], done: false, endedSteps: [] });
  });

  it('does not offer a running or settled step again', () => {
    expect(decide(flow(['a', 'b']), { a: ok() }, ['b']).ready).toEqual([]);
  });

  it('runs a chain one step after the other', () => {
    const graph = flow(['a', 'b', 'c'], 'a>b b>c');
    expect(decide(graph, {}, ['a']).ready).toEqual([]);
    expect(decide(graph, { a: ok() }).ready).toEqual(['b']);
    expect(decide(graph, { a: ok(), b: ok() }).ready).toEqual(['c']);
  });

  it('makes independent branches ready together (parallel)', () => {
    expect(decide(flow(['a', 'b', 'c', 'd'], 'a>b a>c a>d'), { a: ok() }).ready).toEqual(['b', 'c', 'd']);
  });

  it('waits for every parent of a join, even when one path is already active', () => {
    const graph = flow(['a', 'b', 'j'], 'a>j b>j');
    expect(decide(graph, { a: ok() }, ['b']).ready).toEqual([]);
    expect(decide(graph, { a: ok(), b: ok() }).ready).toEqual(['j']);
  });

  it('counts a waiting step as running: the run is not done', () => {
    const decision = decide(flow(['wait', 'next'], 'wait>next'), {}, ['wait']);
    expect(decision).toMatchObject({ ready: [], done: false });
  });

  it('ignores outcomes and running ids of steps that are not in the graph', () => {
    expect(decide(flow(['a']), { ghost: failed }, ['phantom'])).toMatchObject({ ready: ['a'], done: false });
    expect(decide(flow(['a']), { ghost: failed }).failedStep).toBeUndefined();
  });

  it('treats a step both settled and running as settled', () => {
    expect(decide(flow(['a']), { a: ok() }, ['a'])).toMatchObject({ done: true, endedSteps: ['a'] });
  });

  it('finishes an empty graph at once', () => {
    expect(decide(flow([]))).toEqual({ ready: [], skip: [], passThrough: [], done: true, endedSteps: [] });
  });

  it('does not change the maps it is given', () => {
    const outcomes = settled({ c: ok('false') });
    const running = new Set<string>();
    new RunScheduler(flow([condition('c'), 'x'], 'c>x:true')).decide(outcomes, running);
    expect([...outcomes.keys()]).toEqual(['c']);
    expect(running.size).toBe(0);
  });
});

describe('RunScheduler.decide — branches and joins', () => {
  const branches = flow(
    [condition('c'), 'yes', 'yes2', 'no', 'no2'],
    'c>yes:true yes>yes2 c>no:false no>no2',
  );

  it('follows the port a condition emitted and skips the other branch transitively in one decision', () => {
    expect(decide(branches, { c: ok('true') })).toMatchObject({ ready: ['yes'], skip: ['no', 'no2'] });
    expect(decide(branches, { c: ok('false') })).toMatchObject({ ready: ['no'], skip: ['yes', 'yes2'] });
  });

  it('reports only skips not yet recorded', () => {
    expect(decide(branches, { c: ok('true'), no: skipped, no2: skipped }).skip).toEqual([]);
  });

  it('runs a join once when one path into it is active, after the other is skipped', () => {
    const graph = flow([condition('c'), 'a', 'b', 'j'], 'c>a:true c>b:false a>j b>j');
    expect(decide(graph, { c: ok('true') })).toMatchObject({ ready: ['a'], skip: ['b'] });
    expect(decide(graph, { c: ok('true'), b: skipped }, ['a']).ready).toEqual([]);
    expect(decide(graph, { c: ok('true'), b: skipped, a: ok() }).ready).toEqual(['j']);
  });

  it('skips a join and what follows when no path into it is active', () => {
    const graph = flow(
      [condition('c'), 'a', 'b', 'j', 'k', 'other'],
      'c>a:true c>b:true a>j b>j j>k c>other:false',
    );
    expect(decide(graph, { c: ok('false') })).toMatchObject({ ready: ['other'], skip: ['a', 'b', 'j', 'k'] });
  });

  it('does not skip a step another active path reaches (a diamond behind a branch)', () => {
    const graph = flow(['root', condition('c'), 'side', 'j'], 'root>c root>j c>side:true side>j');
    expect(decide(graph, { root: ok(), c: ok('false') })).toMatchObject({ ready: ['j'], skip: ['side'] });
  });

  it('follows a switch case and its default like any port', () => {
    const graph = flow([step('s', { type: 'switch' }), 'a', 'b', 'other'], 's>a:a s>b:b s>other:default');
    expect(decide(graph, { s: ok('b') })).toMatchObject({ ready: ['b'], skip: ['a', 'other'] });
    expect(decide(graph, { s: ok('default') })).toMatchObject({ ready: ['other'], skip: ['a', 'b'] });
  });

  it('follows an unlabelled edge out of a condition whatever the port', () => {
    expect(decide(flow([condition('c'), 'x'], 'c>x'), { c: ok('false') }).ready).toEqual(['x']);
  });

  it('follows either of two labelled edges between the same steps', () => {
    const graph = flow([condition('c'), 'x'], 'c>x:true c>x:false');
    expect(decide(graph, { c: ok('false') }).ready).toEqual(['x']);
  });

  it('activates nothing from a step recorded as skipped', () => {
    expect(decide(flow(['a', 'b'], 'a>b'), { a: skipped })).toMatchObject({
      ready: [],
      skip: ['b'],
      done: true,
    });
  });
});

describe('RunScheduler.decide — onError', () => {
  const withError = (onError?: FlowStep['onError']) =>
    flow(
      [step('a', onError ? { onError } : {}), 'next', 'handler', 'other'],
      'a>next a>handler:error other>next',
    );

  it('fails the run on a failure with onError fail or unset, and starts nothing new', () => {
    for (const graph of [withError(), withError('fail')]) {
      // `other` was ready too, but nothing new starts once the run has failed.
      expect(decide(graph, { a: failed })).toMatchObject({
        failedStep: 'a',
        ready: [],
        skip: [],
        done: true,
      });
      expect(decide(graph, { a: failed, other: ok() })).toEqual({
        ready: [],
        skip: [],
        passThrough: [],
        failedStep: 'a',
        done: true,
        endedSteps: [],
      });
    }
  });

  it('stays not done while a parallel step is still running after a failure', () => {
    expect(decide(withError(), { a: failed }, ['other'])).toMatchObject({ failedStep: 'a', done: false });
  });

  it('names the first failed step in definition order when several failed', () => {
    expect(decide(flow(['a', 'b']), { b: failed, a: failed }).failedStep).toBe('a');
  });

  it('treats onError continue as a success without port for its unlabelled edges', () => {
    const graph = flow([step('c', { type: 'condition', onError: 'continue' }), 'x', 'y'], 'c>x c>y:true');
    expect(decide(graph, { c: failed })).toMatchObject({ ready: ['x'], skip: ['y'] });
    expect(decide(graph, { c: failed }).failedStep).toBeUndefined();
  });

  it('follows only the error edges of a failed step with onError branch', () => {
    const decision = decide(withError('branch'), { a: failed, other: ok() });
    expect(decision).toMatchObject({ ready: ['next', 'handler'], skip: [] });
    expect(decision.failedStep).toBeUndefined();
    // Above, `next` runs because `other` reaches it; without another path it is skipped.
    const alone = flow([step('a', { onError: 'branch' }), 'next', 'handler'], 'a>next a>handler:error');
    expect(decide(alone, { a: failed })).toMatchObject({ ready: ['handler'], skip: ['next'] });
  });

  it('skips the error branch when the step succeeds', () => {
    const decision = decide(withError('branch'), { a: ok(), other: ok() });
    expect(decision).toMatchObject({ ready: ['next'], skip: ['handler'] });
  });

  it('fails the run on a fatal failure whatever onError says (the fail step)', () => {
    for (const onError of ['continue', 'branch'] as const) {
      const decision = decide(withError(onError), { a: { status: 'failed', fatal: true } });
      expect(decision).toMatchObject({ failedStep: 'a', ready: [] });
    }
  });

  it('reads an unknown onError mode as fail rather than swallowing the error', () => {
    const graph = flow([step('a', { onError: 'ignore' as never }), 'b'], 'a>b');
    expect(decide(graph, { a: failed }).failedStep).toBe('a');
  });
});

describe('RunScheduler.decide — disabled steps', () => {
  it('passes a disabled step through and decides its children in the same call', () => {
    const graph = flow(['a', step('d', { disabled: true }), 'b'], 'a>d d>b');
    expect(decide(graph, { a: ok() })).toMatchObject({ ready: ['b'], passThrough: ['d'], skip: [] });
  });

  it('passes a disabled root and a chain of disabled steps through', () => {
    const graph = flow([step('d1', { disabled: true }), step('d2', { disabled: true }), 'b'], 'd1>d2 d2>b');
    expect(decide(graph)).toMatchObject({ ready: ['b'], passThrough: ['d1', 'd2'] });
  });

  it('skips a disabled step no active path reaches (it is skipped, not passed through)', () => {
    const graph = flow([condition('c'), step('d', { disabled: true }), 'b'], 'c>d:true d>b');
    expect(decide(graph, { c: ok('false') })).toMatchObject({
      skip: ['d', 'b'],
      passThrough: [],
      done: true,
    });
  });

  it('follows the unlabelled edges of a disabled condition and skips its labelled branches', () => {
    const graph = flow(
      [condition('c', { disabled: true }), 'yes', 'no', 'always'],
      'c>yes:true c>no:false c>always',
    );
    expect(decide(graph)).toMatchObject({ ready: ['always'], skip: ['yes', 'no'], passThrough: ['c'] });
  });

  it('follows no error edge out of a disabled step', () => {
    const graph = flow([step('d', { disabled: true, onError: 'branch' }), 'h'], 'd>h:error');
    expect(decide(graph)).toMatchObject({ skip: ['h'], passThrough: ['d'], done: true, endedSteps: [] });
  });

  it('derives a recorded disabled step from its parents, whatever status was recorded', () => {
    const graph = flow(['a', step('d', { disabled: true }), 'b'], 'a>d d>b');
    for (const status of [ok(), skipped, failed]) {
      expect(decide(graph, { a: ok(), d: status })).toMatchObject({ ready: ['b'], passThrough: [] });
      expect(decide(graph, { a: ok(), d: status }).failedStep).toBeUndefined();
    }
    expect(decide(graph, { a: skipped, d: ok() })).toMatchObject({ ready: [], skip: ['b'] });
  });
});

describe('RunScheduler.decide — the end of the run', () => {
  it('names the executed leaves as the steps that ended the run', () => {
    const graph = flow(['a', 'b', 'c'], 'a>b a>c');
    expect(decide(graph, { a: ok(), b: ok(), c: ok() })).toMatchObject({
      done: true,
      endedSteps: ['b', 'c'],
    });
  });

  it('counts a step whose every outgoing branch was not taken as an end', () => {
    const graph = flow([condition('c'), 'yes', 'after'], 'c>yes:true yes>after');
    expect(decide(graph, { c: ok('false'), yes: skipped, after: skipped })).toMatchObject({
      done: true,
      endedSteps: ['c'],
    });
  });

  it('looks through disabled steps to find the ends', () => {
    const graph = flow(
      ['a', step('d', { disabled: true }), 'b', step('e', { disabled: true })],
      'a>d d>b a>e',
    );
    expect(decide(graph, { a: ok(), d: skipped, e: skipped, b: ok() }).endedSteps).toEqual(['b']);
    expect(
      decide(flow(['a', step('d', { disabled: true })], 'a>d'), { a: ok(), d: skipped }).endedSteps,
    ).toEqual(['a']);
  });

  it('counts a handled failure as an end, and never a skipped step', () => {
    const graph = flow([step('a', { onError: 'continue' }), condition('c'), 'x'], 'c>x:true');
    expect(decide(graph, { a: failed, c: ok('false'), x: skipped }).endedSteps).toEqual(['a', 'c']);
  });

  it('is done in the same call that records the last skips', () => {
    const graph = flow([condition('c'), 'x'], 'c>x:true');
    expect(decide(graph, { c: ok('false') })).toEqual({
      ready: [],
      skip: ['x'],
      passThrough: [],
      done: true,
      endedSteps: ['c'],
    });
  });
});

describe('RunScheduler.edgeIsActive', () => {
  const graph = flow(
    [condition('c'), 'yes', 'no', step('d', { disabled: true }), step('e', { onError: 'branch' }), 'h', 'z'],
    'c>yes:true c>no:false no>d d>h e>h:error e>z',
  );
  const scheduler = new RunScheduler(graph);
  const outcomes = settled({ c: ok('true'), e: failed });

  it('tells which path a run took', () => {
    expect(scheduler.edgeIsActive({ from: 'c', to: 'yes', when: 'true' }, outcomes)).toBe(true);
    expect(scheduler.edgeIsActive({ from: 'c', to: 'no', when: 'false' }, outcomes)).toBe(false);
    expect(scheduler.edgeIsActive({ from: 'e', to: 'h', when: 'error' }, outcomes)).toBe(true);
    expect(scheduler.edgeIsActive({ from: 'e', to: 'z' }, outcomes)).toBe(false);
  });

  it('sees a pass-through only when a path reaches the disabled step', () => {
    expect(scheduler.edgeIsActive({ from: 'd', to: 'h' }, outcomes)).toBe(false);
    const other = settled({ c: ok('false'), no: ok() });
    expect(scheduler.edgeIsActive({ from: 'd', to: 'h' }, other)).toBe(true);
  });

  it('is false for unsettled sources and unknown steps', () => {
    expect(scheduler.edgeIsActive({ from: 'yes', to: 'z' }, outcomes)).toBe(false);
    expect(scheduler.edgeIsActive({ from: 'ghost', to: 'h' }, outcomes)).toBe(false);
    expect(scheduler.edgeIsActive({ from: 'c', to: 'ghost', when: 'true' }, outcomes)).toBe(false);
  });
});

describe('RunScheduler construction', () => {
  it('refuses a cyclic graph with flow.invalid_definition', () => {
    const attempt = () => new RunScheduler(flow(['a', 'b', 'c'], 'a>b b>c c>b'));
    expect(attempt).toThrow();
    try {
      attempt();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('flow.invalid_definition');
      expect(isAppError(error) && error.detail).toEqual({ cycle: ['b', 'c'] });
    }
  });

  it('lists step ids in definition order, keeping the first of duplicate ids', () => {
    const graph = flow(['a', step('b', { disabled: true }), step('b'), 'c']);
    const scheduler = new RunScheduler(graph);
    expect(scheduler.stepIds).toEqual(['a', 'b', 'c']);
    expect(scheduler.decide(new Map())).toMatchObject({ ready: ['a', 'c'], passThrough: ['b'] });
  });
});
