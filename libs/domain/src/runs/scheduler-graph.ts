import { AppError } from '../errors/index.js';
import type { FlowGraph, OnErrorMode } from '../flows/definition/flow-definition.types.js';
import { findCycle, indexGraph, topologicalPositions } from '../flows/graph/graph.js';

/** The edges from one step to one child: several when they differ only in `when`. */
export interface EdgeGroup {
  readonly to: number;
  readonly whens: readonly (string | undefined)[];
}

/**
 * A graph compiled for scheduling, once per flow version (or forEach body): positions are step
 * indexes in definition order. Everything a decision needs is an array lookup from here on.
 */
export interface SchedulerGraph {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly disabled: readonly boolean[];
  readonly onError: readonly OnErrorMode[];
  readonly parentCount: readonly number[];
  readonly out: readonly (readonly EdgeGroup[])[];
  /** Parents before children, ties in definition order. */
  readonly topological: readonly number[];
}

/** O(steps + edges). Throws `flow.invalid_definition` on a cycle: such a graph never finishes. */
export const compileSchedulerGraph = (graph: FlowGraph): SchedulerGraph => {
  const index = indexGraph(graph);
  const topological = topologicalPositions(index);
  if (topological.length < index.ids.length) {
    throw new AppError('flow.invalid_definition', 'The flow graph has a cycle', {
      detail: { cycle: findCycle(graph) },
    });
  }
  const disabled = index.ids.map(() => false);
  const onError = index.ids.map((): OnErrorMode => 'fail');
  const seen = new Set<string>();
  for (const step of graph.steps) {
    // Duplicate ids keep their first step, as indexGraph does.
    if (seen.has(step.id)) continue;
    seen.add(step.id);
    const at = index.indexOf.get(step.id) as number;
    disabled[at] = step.disabled === true;
    // Anything but an explicit continue/branch fails the run: an unknown mode must not swallow errors.
    onError[at] = step.onError === 'continue' || step.onError === 'branch' ? step.onError : 'fail';
  }
  // indexGraph already kept one child per parent/child pair; gather every `when` of that pair.
  const groups = index.children.map(
    (children) => new Map(children.map((c) => [c, [] as (string | undefined)[]])),
  );
  for (const edge of graph.edges) {
    const from = index.indexOf.get(edge.from);
    const to = index.indexOf.get(edge.to);
    if (from === undefined || to === undefined) continue;
    const whens = groups[from]?.get(to) as (string | undefined)[];
    if (!whens.includes(edge.when)) whens.push(edge.when);
  }
  return {
    ids: index.ids,
    indexOf: index.indexOf,
    disabled,
    onError,
    parentCount: index.parents.map((p) => p.length),
    out: groups.map((byChild) => [...byChild].map(([to, whens]) => ({ to, whens }))),
    topological,
  };
};
