import { stepTypeRegistry, type StepTypeRegistry } from '../step-types/step-type.registry.js';
import { CompiledConfig, CompiledValue, compileStepConfig } from './compiled-config.js';
import { sharedExpressionCache, type ExpressionCache } from './expression.cache.js';

/** The parts of a flow definition (or a nested body) that hold expressions. */
export interface GraphWithExpressions {
  steps: readonly { id: string; type: string; config: object }[];
  output?: unknown;
}

const isGraph = (value: unknown): value is GraphWithExpressions =>
  typeof value === 'object' && value !== null && Array.isArray((value as { steps?: unknown }).steps);

/**
 * Every expression of one flow version, compiled: what the worker caches per version (one object).
 * Step ids are unique across nested graphs, so steps of forEach bodies are in `steps` too.
 */
export interface CompiledDefinition {
  /** Compiled configs by step id (nested bodies included). */
  readonly steps: ReadonlyMap<string, CompiledConfig>;
  /** The definition's output template; undefined when it has none (default output rules apply). */
  readonly output?: CompiledValue;
  /** Output templates of nested graphs, keyed `<stepId>.<field>` (e.g. `orders.body`). */
  readonly nestedOutputs: ReadonlyMap<string, CompiledValue>;
  /** The compiled config of a step; throws on an unknown id (the scheduler only asks for real ones). */
  config(stepId: string): CompiledConfig;
}

/**
 * Compiles the configs of every step (nested graphs included) and the output templates. Never
 * throws on a bad expression: the step holding it fails when it runs (`expression.failed`). Steps
 * of an unknown type keep their config literally.
 */
export const compileDefinitionExpressions = (
  definition: GraphWithExpressions,
  registry: StepTypeRegistry = stepTypeRegistry,
  cache: ExpressionCache = sharedExpressionCache,
): CompiledDefinition => {
  const steps = new Map<string, CompiledConfig>();
  const nestedOutputs = new Map<string, CompiledValue>();
  const visit = (graph: GraphWithExpressions): void => {
    for (const step of graph.steps) {
      const type = registry.get(step.type);
      const config = step.config as Record<string, unknown>;
      steps.set(step.id, type ? compileStepConfig(type, config, cache) : new CompiledConfig(config, []));
      for (const { field } of type?.nestedGraphs ?? []) {
        const nested = config[field];
        if (!isGraph(nested)) continue;
        visit(nested);
        if (nested.output !== undefined) {
          nestedOutputs.set(`${step.id}.${field}`, CompiledValue.compile(nested.output, '/output', cache));
        }
      }
    }
  };
  visit(definition);
  const output =
    definition.output === undefined ? undefined : CompiledValue.compile(definition.output, '/output', cache);
  return {
    steps,
    ...(output ? { output } : {}),
    nestedOutputs,
    config(stepId) {
      const compiled = steps.get(stepId);
      if (!compiled) throw new Error(`No step "${stepId}" in this definition`);
      return compiled;
    },
  };
};
