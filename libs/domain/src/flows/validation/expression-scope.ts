import { AppError } from '../../errors/index.js';
import { EXPRESSION_ROOTS } from '../../expressions/expression.types.js';
import { stepTypeRegistry, type StepTypeRegistry } from '../../step-types/step-type.registry.js';
import { locateStep } from '../definition/definition-walk.js';
import type { FlowDefinition, FlowGraph } from '../definition/flow-definition.types.js';
import { upstreamOf } from '../graph/graph.js';

export interface ExpressionScope {
  /** Context roots usable at this place: input, steps, vars, secrets, run (+ locals). */
  roots: string[];
  /** Loop locals in scope (`item`, `index` inside a forEach body). */
  locals: string[];
  /** Steps readable as `steps.<id>`, nearest graph first. */
  steps: string[];
}

/**
 * What an expression of `stepId` may read — the same rule the validator applies — for the
 * editor's autocomplete. Without `stepId`, the scope of the definition's output template.
 */
export const expressionScopeOf = (
  def: FlowDefinition,
  stepId?: string,
  registry: StepTypeRegistry = stepTypeRegistry,
): ExpressionScope => {
  if (stepId === undefined)
    return { roots: [...EXPRESSION_ROOTS], locals: [], steps: def.steps.map((s) => s.id) };
  const found = locateStep(def, stepId, registry);
  if (!found) throw AppError.notFound(`Step "${stepId}"`);
  // The chain of graphs from the top to the step's own, with the step read in each.
  const chain: { graph: FlowGraph; reader: string }[] = [];
  let graph: FlowGraph = def;
  const locals: string[] = [];
  for (const { stepId: owner, field } of found.located.path) {
    chain.unshift({ graph, reader: owner });
    const ownerStep = graph.steps.find((s) => s.id === owner);
    const nested = registry.get(ownerStep?.type ?? '')?.nestedGraphs?.find((g) => g.field === field);
    locals.push(...(nested?.locals ?? []));
    graph = ownerStep?.config[field] as FlowGraph;
  }
  chain.unshift({ graph, reader: stepId });
  const steps = chain.flatMap(({ graph: g, reader }) => {
    const upstream = upstreamOf(g, reader);
    return g.steps.map((s) => s.id).filter((id) => upstream.has(id));
  });
  const uniqueLocals = [...new Set(locals)];
  return { roots: [...EXPRESSION_ROOTS, ...uniqueLocals], locals: uniqueLocals, steps };
};
