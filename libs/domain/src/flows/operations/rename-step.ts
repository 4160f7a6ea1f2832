import type { ExpressionCache } from '../../expressions/expression.cache.js';
import { renameStepInField } from '../../expressions/expression-fields.js';
import type { StepTypeRegistry } from '../../step-types/step-type.registry.js';
import { locateStep, mapAllGraphs, updateGraphAt } from '../definition/definition-walk.js';
import type { FlowDefinition, FlowGraph, FlowStep } from '../definition/flow-definition.types.js';
import { getPath, mapStrings } from '../definition/json-value.js';

/** Sets a dotted path in a copy of `target`, copying each object on the way. */
const setPath = (
  target: Record<string, unknown>,
  dotted: string,
  value: unknown,
): Record<string, unknown> => {
  const [head, ...rest] = dotted.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...target, [head]: value };
  const child = target[head];
  return {
    ...target,
    [head]: setPath(
      typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {},
      rest.join('.'),
      value,
    ),
  };
};

/**
 * Renames a step: its id, the edges of its graph, and every `steps.<from>` reference in the
 * expression and template fields of every step and output. Code step sources are JavaScript,
 * not expressions, and are left as they are.
 */
export const renameStepReferences = (
  def: FlowDefinition,
  from: string,
  to: string,
  registry: StepTypeRegistry,
  cache: ExpressionCache,
): FlowDefinition => {
  const located = locateStep(def, from, registry);
  const renamed = located
    ? updateGraphAt(def, located.located.path, (graph) => ({
        ...graph,
        steps: graph.steps.map((step) => (step.id === from ? { ...step, id: to } : step)),
        edges: graph.edges.map((edge) => ({
          ...edge,
          from: edge.from === from ? to : edge.from,
          to: edge.to === from ? to : edge.to,
        })),
      }))
    : def;
  const template = (text: string) => renameStepInField(text, 'template', from, to, cache);
  const renameInStep = (step: FlowStep): FlowStep => {
    let config = step.config;
    for (const { field, kind } of registry.get(step.type)?.expressionFields ?? []) {
      const value = getPath(config, field);
      if (value === undefined) continue;
      const next =
        kind === 'expression'
          ? typeof value === 'string'
            ? renameStepInField(value, 'expression', from, to, cache)
            : value
          : mapStrings(value, template);
      if (next !== value) config = setPath(config, field, next);
    }
    return config === step.config ? step : { ...step, config };
  };
  return mapAllGraphs(renamed, registry, (graph: FlowGraph) => {
    const next: FlowGraph = { ...graph, steps: graph.steps.map(renameInStep) };
    if (graph.output !== undefined) next.output = mapStrings(graph.output, template);
    return next;
  });
};
