import {
  compileDefinitionExpressions,
  defaultRunOutput,
  iterationPath,
  retryDelayMs,
  RunScheduler,
  type CompiledDefinition,
  type FlowStep,
  type IterationResult,
  type StepErrorRecord,
  type StepOutcome,
} from '@stepline/domain';
import type { StepExecutorRegistry } from '../../steps/step-executor.registry.js';
import type { EvaluationScope } from '../compiled-flow.js';
import { capOutput, maskSecrets } from '../output-cap.js';
import type { RunEventsPublisher } from '../run-events.publisher.js';
import type { RunState } from '../run-state.js';
import type { RunStore, StepCheckpoint } from '../run-store.types.js';
import { runAttempt, type AttemptOutcome } from '../step-attempt.js';

/** A loop body as the forEach step's config holds it (shape checked by the definition validator). */
export interface BodyGraph {
  steps: Record<string, unknown>[];
  edges: Record<string, unknown>[];
  output?: unknown;
}

/** What a step with a nested graph (forEach) asks of the runner: run one iteration of its body. */
export interface NestedGraphs {
  /** The iteration's result; reuses its step runs already checkpointed (a resumed loop). */
  runIteration(body: BodyGraph, index: number, item: unknown, signal: AbortSignal): Promise<IterationResult>;
  /** The tenant's `maxForEachItems`. */
  maxItems(): Promise<number>;
}

export interface NestedRunnerDeps {
  store: Pick<RunStore, 'checkpoint'>;
  executors: StepExecutorRegistry;
  events: Pick<RunEventsPublisher, 'publish'>;
  limits: {
    outputMaxBytes: number;
    maxLogEntries: number;
    expression: { timeoutMs: number; maxDepth: number };
  };
  /** The tenant's forEach item limit (quota), read once per loop. */
  maxForEachItems(tenantId: string): Promise<number>;
  /** The run's step-output cap (the tenant's quota when lower than the config's). */
  outputCapOf?(state: RunState): number;
}

interface CompiledBody {
  scheduler: RunScheduler;
  expressions: CompiledDefinition;
  steps: Map<string, FlowStep>;
}

// Bodies are part of an immutable compiled version: compile each once per worker.
const compiledBodies = new WeakMap<object, CompiledBody>();

function compileBody(body: BodyGraph): CompiledBody {
  const hit = compiledBodies.get(body);
  if (hit) return hit;
  const graph = body as unknown as { steps: FlowStep[]; edges: never[]; output?: unknown };
  const compiled: CompiledBody = {
    scheduler: new RunScheduler(graph),
    expressions: compileDefinitionExpressions(graph),
    steps: new Map(graph.steps.map((s) => [s.id, s])),
  };
  compiledBodies.set(body, compiled);
  return compiled;
}

/** A checkpoint that existed already: another runner holds the run; this one stops. */
const superseded = (index: number): IterationResult => ({
  ok: false,
  error: {
    code: 'step.cancelled',
    message: 'Another runner holds the run',
    detail: { index, superseded: true },
  },
});

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Runs iterations of a loop body inside the loop step's attempt: a small copy of the runner's loop
 * (the body's own `RunScheduler` decides; steps of one iteration run in parallel), each body step
 * checkpointed with path `<loop>[<index>]` through the same group commit. Checkpointed succeeded
 * and skipped step runs are reused, so a crash mid-loop re-runs only what was not recorded.
 */
export class NestedGraphRunner implements NestedGraphs {
  constructor(
    private readonly deps: NestedRunnerDeps,
    private readonly state: RunState,
    /** The loop step's id and its own iteration path ('' at the top level). */
    private readonly stepId: string,
    private readonly path: string,
    private readonly outer: EvaluationScope,
    /** A checkpoint existed already: another runner holds the run (the runner yields). */
    private readonly onSuperseded: () => void = () => undefined,
  ) {}

  maxItems(): Promise<number> {
    return this.deps.maxForEachItems(this.state.run.tenantId);
  }

  async runIteration(
    body: BodyGraph,
    index: number,
    item: unknown,
    signal: AbortSignal,
  ): Promise<IterationResult> {
    const compiled = compileBody(body);
    const path = iterationPath(this.path, this.stepId, index);
    const outcomes = new Map<string, StepOutcome>();
    const outputs = new Map<string, unknown>();
    const steps: EvaluationScope['steps'] = { ...this.outer.steps };
    const scope: EvaluationScope = { ...this.outer, steps, vars: { ...this.outer.vars }, item, index };
    const settle = (
      id: string,
      status: StepOutcome['status'],
      port: string | null,
      output: unknown,
      error: StepErrorRecord | null,
    ) => {
      const outcome: StepOutcome = { status };
      if (port) outcome.port = port;
      if (status === 'failed' && error?.code === 'flow.failed') outcome.fatal = true;
      outcomes.set(id, outcome);
      outputs.set(id, output);
      steps[id] = status === 'failed' ? { output, status, error } : { output, status };
    };
    // Failed attempts are run again (a retried or resumed loop); succeeded and skipped ones stand.
    for (const row of this.state.nested.get(path)?.values() ?? []) {
      if (compiled.steps.has(row.stepId) && (row.status === 'succeeded' || row.status === 'skipped'))
        settle(row.stepId, row.status, row.port, row.output, row.error);
    }
    const tracker = compiled.scheduler.track(outcomes);
    let decision = tracker.decision;
    const running = new Map<string, Promise<{ id: string; row: StepCheckpoint | null }>>();
    for (;;) {
      for (const id of [...decision.skip, ...decision.passThrough]) {
        if (!(await this.record(path, compiled.steps.get(id), id, 1, null, null, signal)))
          return superseded(index);
        settle(id, 'skipped', null, null, null);
      }
      if (decision.failedStep) {
        if (running.size > 0) await Promise.allSettled(running.values());
        const failed = steps[decision.failedStep]?.error as StepErrorRecord | undefined;
        return {
          ok: false,
          error: {
            ...(failed ?? { code: 'step.failed', message: 'The step failed' }),
            stepId: decision.failedStep,
            detail: { ...failed?.detail, index },
          },
        };
      }
      if (decision.done && running.size === 0) {
        const template = compiled.expressions.output;
        const output = template
          ? await template.render(scope, this.deps.limits.expression)
          : defaultRunOutput(decision.endedSteps, outputs);
        return { ok: true, output };
      }
      for (const id of decision.ready) {
        if (running.has(id)) continue;
        tracker.start(id);
        running.set(
          id,
          this.execute(compiled, path, id, scope, signal).then((row) => ({ id, row })),
        );
      }
      decision = { ...tracker.decision, skip: [], passThrough: [] };
      if (running.size === 0) {
        // Nothing ready and nothing running but not done: an aborted step left the graph open.
        return {
          ok: false,
          error: { code: 'step.cancelled', message: 'The iteration was cancelled', detail: { index } },
        };
      }
      const { id, row } = await Promise.race(running.values());
      running.delete(id);
      if (!row || row.status === 'cancelled') {
        if (running.size > 0) await Promise.allSettled(running.values());
        return {
          ok: false,
          error: {
            code: 'step.cancelled',
            message: 'The iteration was cancelled',
            stepId: id,
            detail: { index },
          },
        };
      }
      settle(id, row.status as StepOutcome['status'], row.port, row.output, row.error);
      decision = tracker.settle(id, outcomes.get(id) as StepOutcome);
    }
  }

  /** One body step: its attempts (retries wait inline), each checkpointed; answers the last row. */
  private async execute(
    compiled: CompiledBody,
    path: string,
    stepId: string,
    scope: EvaluationScope,
    signal: AbortSignal,
  ): Promise<StepCheckpoint | null> {
    const step = compiled.steps.get(stepId) as FlowStep;
    const executor = this.deps.executors.get(step.type);
    const config = compiled.expressions.config(stepId);
    let attempt = this.state.nested.get(path)?.get(stepId)?.attempt ?? 0;
    for (;;) {
      attempt++;
      const startedAt = new Date();
      let outcome: AttemptOutcome = await runAttempt({
        tenantId: this.state.run.tenantId,
        runId: this.state.run.id,
        compiled: { step, resolve: (s, limits) => config.resolve(s, limits) },
        executor,
        scope,
        attempt,
        runSignal: signal,
        maxLogEntries: this.deps.limits.maxLogEntries,
        expressionLimits: this.deps.limits.expression,
        nested: new NestedGraphRunner(this.deps, this.state, stepId, path, scope, this.onSuperseded),
      });
      if (outcome.kind === 'succeeded' && outcome.result.wait) {
        outcome = {
          kind: 'failed',
          retryable: false,
          input: outcome.input,
          logs: outcome.logs,
          error: {
            code: 'step.failed',
            message: `A ${step.type} step cannot wait inside a forEach body (not supported yet)`,
          },
        };
      }
      const delay =
        outcome.kind === 'failed' && outcome.retryable && !signal.aborted
          ? retryDelayMs(step.retry, attempt)
          : null;
      const row = await this.record(path, step, stepId, attempt, startedAt, outcome, signal);
      if (!row) return null;
      if (delay === null) {
        if (row.status === 'succeeded' && outcome.kind === 'succeeded' && outcome.result.effects?.vars)
          Object.assign(scope.vars, outcome.result.effects.vars);
        return row;
      }
      await sleep(delay, signal);
      if (signal.aborted) return row;
    }
  }

  private async record(
    path: string,
    step: FlowStep | undefined,
    stepId: string,
    attempt: number,
    startedAt: Date | null,
    outcome: AttemptOutcome | null,
    signal: AbortSignal,
  ): Promise<StepCheckpoint | null> {
    const { run, secretValues } = this.state;
    const mask = <T>(value: T): T => maskSecrets(value, secretValues);
    const finishedAt = new Date();
    const failed = outcome?.kind === 'failed';
    const aborted =
      failed &&
      (signal.aborted || outcome.error.code === 'step.cancelled' || outcome.error.code === 'run.timed_out');
    const error = failed ? mask(outcome.error) : null;
    const capped = outcome
      ? capOutput(
          outcome.kind === 'succeeded' ? mask(outcome.result.output) : { error },
          this.deps.outputCapOf?.(this.state) ?? this.deps.limits.outputMaxBytes,
        )
      : { value: null, truncated: false };
    const row: StepCheckpoint = {
      tenantId: run.tenantId,
      runId: run.id,
      stepId,
      path,
      attempt,
      status: !outcome ? 'skipped' : aborted ? 'cancelled' : failed ? 'failed' : 'succeeded',
      port:
        outcome?.kind === 'succeeded'
          ? (outcome.result.port ?? null)
          : failed && step?.onError === 'branch'
            ? 'error'
            : null,
      input: outcome ? mask(outcome.input) : null,
      output: capped.value,
      error,
      logs: outcome ? mask(outcome.logs) : [],
      outputTruncated: capped.truncated,
      startedAt,
      finishedAt,
      durationMs: startedAt ? finishedAt.getTime() - startedAt.getTime() : null,
    };
    const written = await this.deps.store.checkpoint(row);
    if (!written) {
      this.onSuperseded();
      return null;
    }
    this.state.noteNested({ ...row, seq: written.seq });
    this.deps.events.publish({
      type: 'step.settled',
      runId: row.runId,
      seq: written.seq,
      stepId: row.stepId,
      path: row.path,
      attempt: row.attempt,
      status: row.status,
      port: row.port,
      durationMs: row.durationMs,
      error: row.error,
      at: row.finishedAt.toISOString(),
    });
    return row;
  }
}
