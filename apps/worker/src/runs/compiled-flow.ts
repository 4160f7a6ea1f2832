import {
  compileDefinitionExpressions,
  RunScheduler,
  type EvaluationContext,
  type FlowDefinition,
  type FlowStep,
} from '@stepline/domain';
import type { RunnerRun, RunStore } from './run-store.types.js';

export type EvaluationScope = EvaluationContext;

export interface CompiledStep {
  step: FlowStep;
  resolve(
    scope: EvaluationScope,
    limits: { timeoutMs: number; maxDepth: number },
  ): Promise<Record<string, unknown>>;
}

/**
 * One flow version ready to run: its scheduler (graph compiled once) and every expression compiled
 * once. Immutable and shared by all runs of the version on this worker.
 */
export interface CompiledFlow {
  definition: FlowDefinition;
  scheduler: RunScheduler;
  steps: ReadonlyMap<string, CompiledStep>;
  /** The definition's output template, when it has one. */
  renderOutput?(scope: EvaluationScope, limits: { timeoutMs: number; maxDepth: number }): Promise<unknown>;
  maxConcurrency?: number;
  timeoutMs?: number;
}

/** The compiled step of a flow; the scheduler only names steps of the graph, so a miss is a bug. */
export function compiledStep(flow: CompiledFlow, stepId: string): CompiledStep {
  const compiled = flow.steps.get(stepId);
  if (!compiled) throw new Error(`step "${stepId}" is not in the flow being run`);
  return compiled;
}

export function compileFlow(definition: FlowDefinition): CompiledFlow {
  const scheduler = new RunScheduler(definition);
  const expressions = compileDefinitionExpressions(definition);
  const steps = new Map<string, CompiledStep>();
  for (const step of definition.steps) {
    const config = expressions.config(step.id);
    steps.set(step.id, { step, resolve: (scope, limits) => config.resolve(scope, limits) });
  }
  const output = expressions.output;
  return {
    definition,
    scheduler,
    steps,
    ...(output ? { renderOutput: (scope, limits) => output.render(scope, limits) } : {}),
    maxConcurrency: definition.settings?.maxConcurrency,
    timeoutMs: definition.settings?.timeoutMs,
  };
}

/**
 * Compiled flows by version id, least recently used evicted. Published and archived versions never
 * change, so an entry never goes stale; a test run's draft snapshot is compiled for that run only.
 */
export class CompiledFlowCache {
  private readonly byVersion = new Map<string, CompiledFlow>();

  constructor(private readonly max = 500) {}

  async get(run: RunnerRun, store: RunStore): Promise<CompiledFlow> {
    if (run.definition) return compileFlow(run.definition);
    const hit = this.byVersion.get(run.versionId);
    if (hit) {
      this.byVersion.delete(run.versionId);
      this.byVersion.set(run.versionId, hit);
      return hit;
    }
    const compiled = compileFlow(await store.definitionOf(run.tenantId, run.versionId));
    this.byVersion.set(run.versionId, compiled);
    if (this.byVersion.size > this.max) this.byVersion.delete(this.byVersion.keys().next().value as string);
    return compiled;
  }
}
