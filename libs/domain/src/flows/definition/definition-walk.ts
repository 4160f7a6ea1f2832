import type { StepTypeRegistry } from '../../step-types/step-type.registry.js';
import type { FlowGraph, FlowStep } from './flow-definition.types.js';
import { isRecord } from './json-value.js';

/** How to reach a nested graph from the top: the steps owning it and their config fields. */
export type GraphPath = readonly { stepId: string; field: string }[];

export interface LocatedGraph {
  graph: FlowGraph;
  path: GraphPath;
}

const isGraph = (value: unknown): value is FlowGraph =>
  isRecord(value) && Array.isArray(value['steps']) && Array.isArray(value['edges']);

/** The nested graphs of one step, as its type declares them. */
export const nestedGraphsOf = (
  step: FlowStep,
  registry: StepTypeRegistry,
): { field: string; graph: FlowGraph }[] =>
  (registry.get(step.type)?.nestedGraphs ?? []).flatMap(({ field }) => {
    const graph = step.config[field];
    return isGraph(graph) ? [{ field, graph }] : [];
  });

/** Every graph of a definition, the top one first, then nested ones depth-first. */
export const listGraphs = (
  graph: FlowGraph,
  registry: StepTypeRegistry,
  path: GraphPath = [],
): LocatedGraph[] => [
  { graph, path },
  ...graph.steps.flatMap((step) =>
    nestedGraphsOf(step, registry).flatMap(({ field, graph: nested }) =>
      listGraphs(nested, registry, [...path, { stepId: step.id, field }]),
    ),
  ),
];

/**
 * The graph at `path` inside `graph` (a forEach body, a body inside a body …), or undefined when a
 * step or field on the way is missing or is not a nested graph of its step's type.
 */
export const graphAtPath = (
  graph: FlowGraph,
  path: GraphPath,
  registry: StepTypeRegistry,
): FlowGraph | undefined => {
  let current: FlowGraph | undefined = graph;
  for (const { stepId, field } of path) {
    const owner: FlowStep | undefined = current?.steps.find((step) => step.id === stepId);
    current = owner && nestedGraphsOf(owner, registry).find((nested) => nested.field === field)?.graph;
    if (!current) return undefined;
  }
  return current;
};

/** The graph holding a step (ids are unique across nested graphs), or undefined. */
export const locateStep = (
  graph: FlowGraph,
  stepId: string,
  registry: StepTypeRegistry,
): { step: FlowStep; index: number; located: LocatedGraph } | undefined => {
  for (const located of listGraphs(graph, registry)) {
    const index = located.graph.steps.findIndex((step) => step.id === stepId);
    if (index >= 0) return { step: located.graph.steps[index] as FlowStep, index, located };
  }
  return undefined;
};

/** A copy of `root` with the graph at `path` replaced by `update(graph)`; other parts are shared. */
export const updateGraphAt = <G extends FlowGraph>(
  root: G,
  path: GraphPath,
  update: (graph: FlowGraph) => FlowGraph,
): G => {
  const [head, ...rest] = path;
  if (!head) return { ...root, ...update(root) };
  return {
    ...root,
    steps: root.steps.map((step) =>
      step.id === head.stepId
        ? {
            ...step,
            config: {
              ...step.config,
              [head.field]: updateGraphAt(step.config[head.field] as FlowGraph, rest, update),
            },
          }
        : step,
    ),
  };
};

/** A copy of every graph, bottom-up, passed through `update` (used for definition-wide rewrites). */
export const mapAllGraphs = <G extends FlowGraph>(
  root: G,
  registry: StepTypeRegistry,
  update: (graph: FlowGraph) => FlowGraph,
): G => {
  const steps = root.steps.map((step) => {
    const nested = nestedGraphsOf(step, registry);
    if (nested.length === 0) return step;
    const config = { ...step.config };
    for (const { field, graph } of nested) config[field] = mapAllGraphs(graph, registry, update);
    return { ...step, config };
  });
  return { ...root, ...update({ ...root, steps }) };
};
