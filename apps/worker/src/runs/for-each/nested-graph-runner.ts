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
import type { WaitpointRecord } from '@stepline/server';
import type { StepExecutorRegistry } from '../../steps/step-executor.registry.js';
import { openWait, resumeOutcome, toResolution } from '../../waits/run-waits.js';
import type { WaitStore } from '../../waits/wait-store.js';
import type { IterationWait, WaitRequest, WaitResolution } from '../../waits/wait.types.js';
import { settledRow, skippedRow, waitingRow } from '../checkpoint-row.js';
import type { EvaluationScope } from '../compiled-flow.js';
import type { RunEventsPublisher } from '../run-events.publisher.js';
import type { RunState } from '../run-state.js';
import type { RecordedStep, RunStore, StepCheckpoint } from '../run-store.types.js';
import { runAttempt, type AttemptOutcome } from '../step-attempt.js';
import { StepBudget } from './step-budget.js';

/** A loop body as the forEach step's config holds it (shape checked by the definition validator). */
export interface BodyGraph {
  steps: Record<string, unknown>[];
  edges: Record<string, unknown>[];
  output?: unknown;
}

/**
 * How one iteration ended: its result, or `parked` — some of its steps wait on waitpoints and
 * nothing else of it can move (the forEach answers `wait: { kind: 'iterations' }` once no
 * iteration can; a later attempt rebuilds the iteration from its checkpoints and resumes them).
 */
export type IterationEnd = IterationResult | { parked: readonly IterationWait[] };

export const isParked = (end: IterationEnd): end is { parked: readonly IterationWait[] } => 'parked' in end;

/** What a step with a nested graph (forEach) asks of the runner: run one iteration of its body. */
export interface NestedGraphs {
  /** The iteration's end; reuses its step runs already checkpointed (a resumed loop). */
  runIteration(body: BodyGraph, index: number, item: unknown, signal: AbortSignal): Promise<IterationEnd>;
  /** The tenant's `maxForEachItems`. */
  maxItems(): Promise<number>;
  /** Cancels the waits of iterations that will not go on (the loop failed while they waited). */
  cancelWaits(waits: readonly IterationWait[]): Promise<void>;
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
  /** Durable waits; without it a waiting body step fails. */
  waits?: WaitStore;
  /** The tenant's forEach item limit (quota), read once per loop. */
  maxForEachItems(tenantId: string): Promise<number>;
  /** The run's step-output cap (the tenant's quota when lower than the config's). */
  outputCapOf?(state: RunState): number;
}

interface CompiledBody {
  scheduler: RunScheduler;
  expressions: CompiledDefinition;
  steps: Map<string, FlowStep>;
  edges: Array<{ from?: unknown; when?: unknown }>;
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
    edges: body.edges,
  };
  compiledBodies.set(body, compiled);
  return compiled;
}

/**
 * The run's waitpoints as one loop attempt sees them: loaded (due ones timed out first) the first
 * time an iteration finds a body step recorded `waiting`, then shared by every iteration and
 * nested loop of that attempt. A resolution that comes later is seen by the runner's park.
 */
class RunWaitpoints {
  private loaded: Promise<Map<string, WaitpointRecord>> | undefined;

  get(store: WaitStore, state: RunState, path: string, stepId: string, attempt: number) {
    this.loaded ??= store
      .refresh(state.run.tenantId, state.run.id)
      .then((rows) => new Map(rows.map((w) => [key(w.path, w.stepId, w.attempt), w])));
    return this.loaded.then((rows) => rows.get(key(path, stepId, attempt)));
  }
}
const key = (path: string, stepId: string, attempt: number) => `${path}\u0000${stepId}\u0000${attempt}`;

/** How one body step's attempts ended. */
type StepEnd =
  | { row: StepCheckpoint }
  /** It waits (a waitpoint of its own, or a nested loop's iterations). */
  | { parked: readonly IterationWait[] }
  /** Refused: the run's maxStepsPerRun is reached. */
  | { refused: StepErrorRecord }
  /** A checkpoint existed already (another runner), nothing recorded. */
  | null;

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
 * and skipped step runs are reused, so a crash mid-loop re-runs only what was not recorded. A
 * waiting body step opens a waitpoint with its iteration path and parks its iteration; a later
 * attempt of the loop resumes it from the waitpoint's resolution.
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
    /** The run's maxStepsPerRun, shared with the runner: every body attempt takes one. */
    private readonly budget: StepBudget = new StepBudget(Number.POSITIVE_INFINITY),
    private readonly waitpoints: RunWaitpoints = new RunWaitpoints(),
  ) {}

  maxItems(): Promise<number> {
    return this.deps.maxForEachItems(this.state.run.tenantId);
  }

  async cancelWaits(waits: readonly IterationWait[]): Promise<void> {
    if (waits.length === 0) return;
    await this.deps.waits?.cancel?.(
      this.state.run.tenantId,
      waits.map((w) => w.waitpointId),
    );
  }

  async runIteration(
    body: BodyGraph,
    index: number,
    item: unknown,
    signal: AbortSignal,
  ): Promise<IterationEnd> {
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
    // Failed attempts are run again (a retried or resumed loop); succeeded and skipped ones stand;
    // waiting ones resume once their waitpoint was resolved, else the iteration stays parked.
    const waitingRows: RecordedStep[] = [];
    for (const row of this.state.nested.get(path)?.values() ?? []) {
      if (!compiled.steps.has(row.stepId)) continue;
      if (row.status === 'succeeded' || row.status === 'skipped')
        settle(row.stepId, row.status, row.port, row.output, row.error);
      else if (row.status === 'waiting') waitingRows.push(row);
    }
    const tracker = compiled.scheduler.track(outcomes, new Set(waitingRows.map((r) => r.stepId)));
    let decision = tracker.decision;
    const running = new Map<string, Promise<{ id: string; end: StepEnd }>>();
    const parked = new Map<string, readonly IterationWait[]>();
    const launch = (id: string, resume?: Resume) =>
      running.set(
        id,
        this.execute(compiled, path, id, scope, signal, resume).then((end) => ({ id, end })),
      );
    for (const row of waitingRows) {
      const wait = this.deps.waits
        ? await this.waitpoints.get(this.deps.waits, this.state, path, row.stepId, row.attempt)
        : undefined;
      // Recorded waiting without its waitpoint, or its wait was cancelled (the loop failed before
      // and runs again): the step runs again with a new attempt and wait.
      if (!wait || wait.status === 'cancelled') launch(row.stepId);
      else if (wait.status === 'waiting')
        parked.set(row.stepId, [{ waitpointId: wait.id, stepId: row.stepId, path, resumeAt: wait.resumeAt }]);
      else launch(row.stepId, { attempt: row.attempt, wait: toResolution(wait), input: row.input });
    }
    const stopped = async (error: StepErrorRecord): Promise<IterationResult> => {
      if (running.size > 0) await Promise.allSettled(running.values());
      // Steps of this iteration that wait will not go on: their waits end with it.
      await this.cancelWaits([...parked.values()].flat());
      return { ok: false, error: { ...error, detail: { ...error.detail, index } } };
    };
    for (;;) {
      const passThrough = new Set(decision.passThrough);
      for (const id of [...decision.skip, ...decision.passThrough]) {
        const row = skippedRow({ run: this.state.run, stepId: id, path, disabled: passThrough.has(id) });
        if (!(await this.write(row))) return superseded(index);
        settle(id, 'skipped', null, null, null);
      }
      if (decision.failedStep) {
        const failed = steps[decision.failedStep]?.error as StepErrorRecord | undefined;
        return stopped({
          ...(failed ?? { code: 'step.failed', message: 'The step failed' }),
          stepId: decision.failedStep,
        });
      }
      if (decision.done && running.size === 0) {
        const template = compiled.expressions.output;
        const output = template
          ? await template.render(scope, this.deps.limits.expression)
          : defaultRunOutput(decision.endedSteps, outputs);
        return { ok: true, output };
      }
      for (const id of decision.ready) {
        if (running.has(id) || parked.has(id)) continue;
        tracker.start(id);
        launch(id);
      }
      decision = { ...tracker.decision, skip: [], passThrough: [] };
      if (running.size === 0) {
        // Only waiting steps are left: the iteration parks on their waitpoints.
        if (parked.size > 0) return { parked: [...parked.values()].flat() };
        // Nothing ready and nothing running but not done: an aborted step left the graph open.
        return {
          ok: false,
          error: { code: 'step.cancelled', message: 'The iteration was cancelled', detail: { index } },
        };
      }
      const { id, end } = await Promise.race(running.values());
      running.delete(id);
      if (end && 'parked' in end) {
        parked.set(id, end.parked);
        continue;
      }
      if (end && 'refused' in end) return stopped(end.refused);
      if (!end || end.row.status === 'cancelled') {
        return stopped({ code: 'step.cancelled', message: 'The iteration was cancelled', stepId: id });
      }
      const { row } = end;
      settle(id, row.status as StepOutcome['status'], row.port, row.output, row.error);
      decision = tracker.settle(id, outcomes.get(id) as StepOutcome);
    }
  }

  /**
   * One body step: its attempts (retries wait inline), each checkpointed; answers the last row —
   * or that it waits. With `resume`, its first attempt is the resolved wait's outcome.
   */
  private async execute(
    compiled: CompiledBody,
    path: string,
    stepId: string,
    scope: EvaluationScope,
    signal: AbortSignal,
    resume?: Resume,
  ): Promise<StepEnd> {
    const step = compiled.steps.get(stepId) as FlowStep;
    const executor = this.deps.executors.get(step.type);
    const config = compiled.expressions.config(stepId);
    let attempt = resume?.attempt ?? this.state.nested.get(path)?.get(stepId)?.attempt ?? 0;
    let resumed: { wait: WaitResolution; input: unknown } | undefined = resume;
    const hasEdge = (port: string) => compiled.edges.some((e) => e.from === stepId && e.when === port);
    for (;;) {
      const refused = resumed ? this.budget.note() : this.budget.take(stepId, path);
      if (refused) return { refused };
      attempt++;
      const startedAt = new Date();
      let outcome: AttemptOutcome;
      if (resumed) {
        outcome = resumeOutcome(
          step,
          executor,
          resumed.wait,
          resumed.input,
          hasEdge,
          this.deps.limits.maxLogEntries,
        );
      } else {
        outcome = await runAttempt({
          tenantId: this.state.run.tenantId,
          runId: this.state.run.id,
          compiled: { step, resolve: (s, limits) => config.resolve(s, limits) },
          executor,
          scope,
          attempt,
          path,
          runSignal: signal,
          maxLogEntries: this.deps.limits.maxLogEntries,
          expressionLimits: this.deps.limits.expression,
          nested: new NestedGraphRunner(
            this.deps,
            this.state,
            stepId,
            path,
            scope,
            this.onSuperseded,
            this.budget,
            this.waitpoints,
          ),
        });
      }
      resumed = undefined;
      const wait = outcome.kind === 'succeeded' ? outcome.result.wait : undefined;
      if (outcome.kind === 'succeeded' && wait) {
        // A nested loop whose iterations wait: not recorded, it runs again with this attempt number.
        if (wait.kind === 'iterations') {
          this.budget.release();
          return { parked: wait.waits };
        }
        if (this.deps.waits) {
          const opened = await this.openWait(path, stepId, attempt, startedAt, outcome, wait);
          if (!opened || 'parked' in opened) return opened;
          resumed = opened; // resolved before the step was even recorded waiting: record it now
          continue;
        }
        outcome = {
          kind: 'failed',
          retryable: false,
          input: outcome.input,
          logs: outcome.logs,
          error: { code: 'step.failed', message: `A ${step.type} step cannot wait here (no wait store)` },
        };
      }
      const delay =
        outcome.kind === 'failed' && outcome.retryable && !signal.aborted
          ? retryDelayMs(step.retry, attempt)
          : null;
      const row = settledRow({
        run: this.state.run,
        stepId,
        path,
        attempt,
        secretValues: this.state.secretValues,
        startedAt,
        outcome,
        onError: step.onError,
        outputCap: this.deps.outputCapOf?.(this.state) ?? this.deps.limits.outputMaxBytes,
        aborted: signal.aborted,
      });
      if (!(await this.write(row))) return null;
      if (delay === null) {
        if (row.status === 'succeeded' && outcome.kind === 'succeeded' && outcome.result.effects?.vars)
          Object.assign(scope.vars, outcome.result.effects.vars);
        return { row };
      }
      await sleep(delay, signal);
      if (signal.aborted) return { row };
    }
  }

  /**
   * Opens a body step's wait: its waitpoint (with the iteration path), then its step run `waiting`.
   * Answers the parked wait, its resolution when it was resolved already (the step ran again after
   * a crash and the resolution came in between), or null when another runner holds the run.
   */
  private async openWait(
    path: string,
    stepId: string,
    attempt: number,
    startedAt: Date,
    outcome: Extract<AttemptOutcome, { kind: 'succeeded' }>,
    request: WaitRequest,
  ): Promise<{ parked: IterationWait[] } | { wait: WaitResolution; input: unknown } | null> {
    const waits = this.deps.waits as WaitStore;
    const { run } = this.state;
    const waitpoint = await openWait(
      waits,
      this.state,
      stepId,
      attempt,
      request,
      run.deadlineAt ?? null,
      path,
    );
    const row = waitingRow({
      run,
      stepId,
      path,
      attempt,
      secretValues: this.state.secretValues,
      startedAt,
      input: outcome.input,
      logs: outcome.logs,
    });
    if (!(await this.write(row))) return null;
    if (waitpoint.status !== 'waiting') return { wait: toResolution(waitpoint), input: row.input };
    return { parked: [{ waitpointId: waitpoint.id, stepId, path, resumeAt: waitpoint.resumeAt }] };
  }

  /** Checkpoints a row and publishes it; false when it existed already (another runner). */
  private async write(row: StepCheckpoint): Promise<boolean> {
    const written = await this.deps.store.checkpoint(row);
    if (!written) {
      this.onSuperseded();
      return false;
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
    return true;
  }
}

/** A body step recorded `waiting` (attempt n) whose waitpoint left `waiting`: resumed as n + 1. */
interface Resume {
  attempt: number;
  wait: WaitResolution;
  input: unknown;
}
