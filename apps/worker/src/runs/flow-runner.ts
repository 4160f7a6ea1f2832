import {
  QUOTA_DEFAULTS,
  defaultRunOutput,
  downstreamOf,
  retryDelayMs,
  type StepErrorRecord,
  type StepOutcome,
} from '@stepline/domain';
import type { Logger } from '@stepline/server';
import type { StepExecutorRegistry } from '../steps/step-executor.registry.js';
import { openStepWait, parkOrResume } from '../waits/park-run.js';
import { refreshWaits, resumeOutcome } from '../waits/run-waits.js';
import type { WaitStore } from '../waits/wait-store.js';
import { compiledStep, type CompiledFlow, type CompiledFlowCache } from './compiled-flow.js';
import { NestedGraphRunner, type NestedRunnerDeps } from './for-each/nested-graph-runner.js';
import { StepBudget } from './for-each/step-budget.js';
import { settledRow, skippedRow } from './checkpoint-row.js';
import { CheckpointTrail } from './checkpoint-trail.js';
import { capOutput, maskSecrets } from './output-cap.js';
import type { RunAbortReason } from './run-control.listener.js';
import type { RunEventsPublisher } from './run-events.publisher.js';
import { RETRY_AT_DETAIL, RunState } from './run-state.js';
import type { FinalRunStatus, RecordedStep, RunnerRun, RunStore, StepCheckpoint } from './run-store.types.js';
import { runAttempt, type AttemptOutcome } from './step-attempt.js';

export interface RunnerLimits {
  /** Step attempts one job may start before the run continues in a fresh job. */
  stepsPerJob: number;
  /** Retry delays up to this wait inside the job; longer ones park the run in a delayed job. */
  inlineRetryMaxMs: number;
  outputMaxBytes: number;
  defaultMaxConcurrency: number;
  maxLogEntries: number;
  expression: { timeoutMs: number; maxDepth: number };
}

export interface RunnerDeps {
  store: RunStore;
  flows: CompiledFlowCache;
  executors: StepExecutorRegistry;
  events: RunEventsPublisher;
  limits: RunnerLimits;
  logger: Logger;
  metrics?: { stepSettled(type: string, status: string, durationMs: number): void };
  /** The tenant's secrets, decrypted (none when absent): `{{ secrets.NAME }}`, http auth, masking. */
  secrets?: { forTenant(tenantId: string): Promise<ReadonlyMap<string, string>> };
  /** Durable waits (delay, approval, waitForEvent); without it a waiting step fails. */
  waits?: WaitStore;
  /** Quotas the runner enforces itself; defaults apply without it. */
  quotas?: {
    maxForEachItems(tenantId: string): Promise<number>;
    /** The tenant's `maxStepsPerRun`: the next step attempt past it fails the run. */
    maxStepsPerRun?(tenantId: string): Promise<number>;
    /** The tenant's `maxStepOutputBytes`: outputs past it (or the config's cap) are truncated. */
    maxStepOutputBytes?(tenantId: string): Promise<number>;
  };
  /**
   * A child run (trigger `subflow`) ended, or a run did not succeed: resolve the waiting parent,
   * cancel the children (steps/subflow). Not called for other runs.
   */
  onRunEnded?(run: RunnerRun, status: FinalRunStatus): Promise<void>;
}

/** What the job should do after `advance`. */
export type RunnerVerdict =
  | { kind: 'finished'; status: FinalRunStatus | 'already' }
  /** More to do: come back at `at` (epoch ms) — a fresh job or a delayed retry. */
  | { kind: 'continue'; at: number }
  /** Parked on waitpoints (run `waiting`): look again at `at` (a timeout, the deadline), or never. */
  | { kind: 'waiting'; at: number | null }
  /** Another runner holds the run (a checkpoint already existed), or the worker is shutting down. */
  | { kind: 'yielded' };

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
 * Advances one run as far as one job may (architecture.md "How a run moves"): load the run and its
 * checkpoints, ask the domain's scheduler what is ready, execute ready steps inline (in parallel up
 * to the run's concurrency), checkpoint each result before deciding again, and finish the run with
 * its output or error. Control flow is the scheduler's; I/O is the executors'; this only sequences.
 */
export class FlowRunner {
  private readonly nestedDeps: NestedRunnerDeps;
  /** Each run's step-output cap: the tenant's quota when lower than the config's. */
  private readonly outputCaps = new WeakMap<RunState, number>();

  constructor(private readonly deps: RunnerDeps) {
    this.nestedDeps = {
      ...deps,
      maxForEachItems: (tenantId) =>
        deps.quotas?.maxForEachItems(tenantId) ?? Promise.resolve(QUOTA_DEFAULTS.maxForEachItems),
      outputCapOf: (state) => this.outputCaps.get(state) ?? deps.limits.outputMaxBytes,
    };
  }

  async advance(tenantId: string, runId: string, control: AbortController): Promise<RunnerVerdict> {
    const seen: { run?: RunnerRun } = {};
    const verdict = await this.advanceRun(tenantId, runId, control, seen);
    if (
      verdict.kind === 'finished' &&
      verdict.status !== 'already' &&
      seen.run &&
      (seen.run.trigger === 'subflow' || verdict.status !== 'succeeded')
    )
      await this.deps.onRunEnded?.(seen.run, verdict.status);
    return verdict;
  }

  private async advanceRun(
    tenantId: string,
    runId: string,
    control: AbortController,
    seen: { run?: RunnerRun },
  ): Promise<RunnerVerdict> {
    const { store } = this.deps;
    let loaded = await store.load(tenantId, runId);
    if (!loaded && this.deps.waits) {
      // Not queued/running: maybe waiting, and this is its delayed job (a timeout, the deadline).
      const woken = await this.deps.waits.wake(tenantId, runId);
      if (woken && !woken.woke) return { kind: 'waiting', at: woken.nextAt?.getTime() ?? null };
      if (woken) loaded = await store.load(tenantId, runId);
    }
    if (!loaded) return { kind: 'finished', status: 'already' };
    const { run } = loaded;
    seen.run = run;
    let rows = loaded.steps;
    if (run.cancelRequestedAt) {
      await this.deps.waits?.cancelAll(run.tenantId, run.id);
      return this.finish(null, run.tenantId, run.id, 'cancelled', { error: cancelled() });
    }
    if (run.deadlineAt && run.deadlineAt.getTime() <= Date.now()) {
      // A parked run woken by its deadline: its open waits end with it.
      await this.deps.waits?.cancelAll(run.tenantId, run.id);
      return this.finish(null, run.tenantId, run.id, 'timed_out', { error: timedOut() });
    }
    const flow = await this.deps.flows.get(run, store);
    if (run.resumedFromRunId && rows.length === 0) rows = await this.reuse(run, flow, run.resumedFromRunId);
    const state = RunState.fromCheckpoints(run, flow, rows, (type) => this.deps.executors.get(type));
    state.useSecrets((await this.deps.secrets?.forTenant(run.tenantId)) ?? new Map());
    const deadline =
      run.deadlineAt ?? (flow.timeoutMs ? new Date(run.startedAt.getTime() + flow.timeoutMs) : null);
    const timer = deadline
      ? setTimeout(() => control.abort('timeout'), Math.max(0, deadline.getTime() - Date.now()))
      : null;
    // A run loaded queued moves to running with its first commit (or finishes in it).
    const start = run.status === 'queued' ? { tenantId, runId, startedAt: run.startedAt } : null;
    const trail = new CheckpointTrail(store, start, undefined, () =>
      this.deps.events.publish({
        type: 'run.status',
        runId,
        status: 'running',
        at: new Date().toISOString(),
      }),
    );
    try {
      return await this.loop(state, flow, control, deadline, trail);
    } catch (error) {
      // A checkpoint or status write failed: stop the steps in flight; the job is retried.
      control.abort('shutdown');
      throw error;
    } finally {
      trail.close();
      if (timer) clearTimeout(timer);
    }
  }

  private async loop(
    state: RunState,
    flow: CompiledFlow,
    control: AbortController,
    deadline: Date | null,
    trail: CheckpointTrail,
  ): Promise<RunnerVerdict> {
    const { run } = state;
    const running = new Map<string, Promise<void>>();
    const settled: Array<{ stepId: string; outcome: StepOutcome | null }> = [];
    let wake: (() => void) | undefined;
    const maxConcurrency = flow.maxConcurrency ?? this.deps.limits.defaultMaxConcurrency;
    let started = 0;
    let superseded = false;
    let fatal: { stepId: string; error: StepErrorRecord } | undefined;
    // The tenant's maxStepsPerRun over every attempt, forEach body steps included.
    const maxSteps =
      (await this.deps.quotas?.maxStepsPerRun?.(run.tenantId)) ?? QUOTA_DEFAULTS.maxStepsPerRun;
    const budget = new StepBudget(maxSteps, StepBudget.usedBy(state));
    const tenantOutputCap = await this.deps.quotas?.maxStepOutputBytes?.(run.tenantId);
    if (tenantOutputCap !== undefined) {
      this.outputCaps.set(state, Math.min(tenantOutputCap, this.deps.limits.outputMaxBytes));
    }
    const waitDeps = {
      ...this.deps,
      deadline,
      publishSettled: (row: StepCheckpoint, seq: number) => this.publishSettled(row, seq),
    };

    /** Runs a step's attempts (short retries inline); answers its outcome, or null when it did not settle. */
    const execute = async (stepId: string): Promise<StepOutcome | null> => {
      const compiled = compiledStep(flow, stepId);
      const executor = this.deps.executors.get(compiled.step.type);
      let resolved = state.resolvedWaits.get(stepId);
      state.resolvedWaits.delete(stepId);
      // A step with effects starts only on committed results (CheckpointTrail).
      if (!executor?.replaySafe && (await trail.commit()).superseded) return null;
      if (resolved?.rerun) resolved = undefined; // a loop whose iterations waited runs again
      for (;;) {
        const refused = resolved ? budget.note() : budget.take(stepId);
        if (refused) {
          fatal ??= { stepId, error: refused };
          return null;
        }
        const attempt = state.nextAttempt(stepId);
        started++;
        const startedAt = new Date();
        this.deps.events.publish({
          type: 'step.started',
          runId: run.id,
          stepId,
          path: '',
          attempt,
          at: startedAt.toISOString(),
        });
        let outcome: AttemptOutcome;
        if (resolved) {
          outcome = resumeOutcome(
            compiled.step,
            executor,
            resolved.wait,
            resolved.input,
            (port) => flow.definition.edges.some((e) => e.from === stepId && e.when === port),
            this.deps.limits.maxLogEntries,
          );
        } else {
          const scope = state.scope();
          outcome = await runAttempt({
            tenantId: run.tenantId,
            runId: run.id,
            compiled,
            executor,
            scope,
            attempt,
            runSignal: control.signal,
            maxLogEntries: this.deps.limits.maxLogEntries,
            expressionLimits: this.deps.limits.expression,
            nested: new NestedGraphRunner(
              this.nestedDeps,
              state,
              stepId,
              '',
              scope,
              () => {
                superseded = true;
                control.abort('superseded');
              },
              budget,
            ),
          });
        }
        resolved = undefined;
        if (budget.exceeded) {
          fatal ??= { stepId: budget.exceeded.stepId ?? stepId, error: budget.exceeded };
          return null; // a body step went past maxStepsPerRun: the run fails
        }
        if (outcome.kind === 'succeeded' && outcome.result.wait) {
          const opened = await openStepWait(waitDeps, state, stepId, attempt, startedAt, outcome);
          if (opened === 'superseded') superseded = true;
          if (opened === 'superseded' || opened === 'open') return null;
          resolved = opened; // resolved before the step was even recorded waiting: record it now
          continue;
        }
        const delay =
          outcome.kind === 'failed' && outcome.retryable && !control.signal.aborted
            ? retryDelayMs(compiled.step.retry, attempt)
            : null;
        if (outcome.kind === 'failed' && delay !== null) {
          const retryAt = Date.now() + delay;
          const parked = delay > this.deps.limits.inlineRetryMaxMs;
          const error = parked
            ? { ...outcome.error, detail: { ...outcome.error.detail, [RETRY_AT_DETAIL]: retryAt } }
            : outcome.error;
          if (
            !(await this.record(state, trail, flow, stepId, attempt, startedAt, { ...outcome, error }, false))
          ) {
            superseded = true;
            return null;
          }
          if (parked) {
            state.pendingRetries.set(stepId, { attempt: attempt + 1, at: retryAt });
            return null;
          }
          await sleep(delay, control.signal);
          if (control.signal.aborted) return null;
          continue;
        }
        if (!(await this.record(state, trail, flow, stepId, attempt, startedAt, outcome, true))) {
          superseded = true;
          return null;
        }
        if (control.signal.aborted && outcome.kind === 'failed') return null;
        if (
          outcome.kind === 'failed' &&
          (outcome.error.code === 'flow.failed' || (compiled.step.onError ?? 'fail') === 'fail')
        ) {
          fatal ??= { stepId, error: { ...maskSecrets(outcome.error, state.secretValues), stepId } };
        }
        return state.outcomes.get(stepId) ?? null;
      }
    };

    const launched = new Set<string>();
    const launch = (stepId: string) => {
      const task = execute(stepId).then(
        (outcome) => {
          running.delete(stepId);
          settled.push({ stepId, outcome });
          wake?.();
        },
        (error: unknown) => {
          running.delete(stepId);
          throw error;
        },
      );
      running.set(stepId, task);
    };

    if (state.waiting.size > 0 && this.deps.waits) await refreshWaits(this.deps.waits, state);
    const tracker = flow.scheduler.track(
      state.outcomes,
      new Set([...state.pendingRetries.keys(), ...state.waiting.keys(), ...state.resolvedWaits.keys()]),
    );
    let decision = tracker.decision;
    for (;;) {
      if (superseded || trail.superseded) return this.stopAll(running, control, 'superseded');
      if (control.signal.aborted) break;
      const skipped = [...decision.skip, ...decision.passThrough];
      if (skipped.length > 0) {
        const passThrough = new Set(decision.passThrough);
        for (const id of skipped) this.recordSkip(state, trail, id, passThrough.has(id));
        decision = { ...decision, skip: [], passThrough: [] };
        continue;
      }
      if (decision.failedStep || fatal) {
        await this.stopAll(running, control, 'run-failed');
        if (state.waiting.size > 0) await this.deps.waits?.cancelAll(run.tenantId, run.id);
        const failure = fatal ?? this.failureOf(state, decision.failedStep ?? '');
        return this.finish(trail, run.tenantId, run.id, 'failed', { error: failure.error });
      }
      if (decision.done && running.size === 0 && state.pendingRetries.size === 0)
        return this.complete(state, trail, flow, decision.endedSteps);
      const hasRoom = () => running.size < maxConcurrency && started < this.deps.limits.stepsPerJob;
      // Waits resolved since the run parked: their steps are running for the tracker already.
      for (const stepId of state.resolvedWaits.keys()) if (!running.has(stepId)) launch(stepId);
      // Retries parked by an earlier job whose time has come go first; the tracker still counts them running.
      for (const [stepId, retry] of state.pendingRetries) {
        if (!hasRoom()) break;
        if (retry.at > Date.now()) continue;
        state.pendingRetries.delete(stepId);
        launch(stepId);
      }
      for (const stepId of decision.ready) {
        if (!hasRoom()) break;
        // The tracker's decision is a snapshot: a step started earlier in this job (parked on a
        // retry, so it never settled) may still be listed.
        if (launched.has(stepId)) continue;
        launched.add(stepId);
        tracker.start(stepId);
        launch(stepId);
      }
      // The tracker's snapshot changes only on settle: its skips and pass-throughs were recorded
      // above already. A step that opened a wait settles nothing, so without clearing them the
      // next turn would record them again (an existing checkpoint: "superseded", the run stuck).
      decision = { ...tracker.decision, skip: [], passThrough: [] };
      if (running.size === 0 && settled.length === 0 && state.waiting.size > 0) {
        if (started < this.deps.limits.stepsPerJob || !decision.ready.some((id) => !launched.has(id))) {
          if ((await trail.commit()).superseded) return { kind: 'yielded' };
          const parked = await parkOrResume(this.deps, state, deadline);
          if (parked) return parked;
          continue;
        }
      }
      if (running.size === 0 && settled.length === 0) {
        // Nothing in flight and nothing to start: parked retries, or this job's step budget is spent.
        const next = Math.min(...[...state.pendingRetries.values()].map((p) => p.at));
        if ((await trail.commit()).superseded) return { kind: 'yielded' };
        return { kind: 'continue', at: state.pendingRetries.size > 0 ? next : Date.now() };
      }
      if (settled.length === 0) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), ...running.values()]);
        wake = undefined;
      }
      for (const { stepId, outcome } of settled.splice(0)) {
        if (outcome) decision = tracker.settle(stepId, outcome);
      }
    }
    // Aborted: cancel, timeout or shutdown. In-flight steps record `cancelled` and end.
    await Promise.allSettled(running.values());
    const reason = control.signal.reason as RunAbortReason;
    if ((reason === 'cancel' || reason === 'timeout') && state.waiting.size > 0)
      await this.deps.waits?.cancelAll(run.tenantId, run.id);
    if (reason === 'cancel')
      return this.finish(trail, run.tenantId, run.id, 'cancelled', { error: cancelled() });
    if (reason === 'timeout')
      return this.finish(trail, run.tenantId, run.id, 'timed_out', { error: timedOut() });
    await trail.commit(); // a shutdown keeps what was computed
    return { kind: 'yielded' };
  }

  private async stopAll(
    running: Map<string, Promise<void>>,
    control: AbortController,
    reason: RunAbortReason,
  ): Promise<RunnerVerdict> {
    if (running.size > 0) {
      control.abort(reason);
      await Promise.allSettled(running.values());
    }
    return { kind: 'yielded' };
  }

  private failureOf(state: RunState, stepId: string): { stepId: string; error: StepErrorRecord } {
    const error = (state.steps[stepId]?.error as StepErrorRecord | undefined) ?? {
      code: 'step.failed' as const,
      message: 'The step failed',
    };
    return { stepId, error: { ...error, stepId } };
  }

  private async complete(
    state: RunState,
    trail: CheckpointTrail,
    flow: CompiledFlow,
    endedSteps: readonly string[],
  ): Promise<RunnerVerdict> {
    const { run } = state;
    let output: unknown;
    try {
      output = flow.renderOutput
        ? await flow.renderOutput(state.scope(), this.deps.limits.expression)
        : defaultRunOutput(endedSteps, state.outputs);
    } catch (error) {
      const record = error as { code?: string; message?: string };
      return this.finish(trail, run.tenantId, run.id, 'failed', {
        error: {
          code: 'expression.failed',
          message: `The run output could not be evaluated: ${record.message ?? ''}`.trim(),
        },
      });
    }
    const capped = capOutput(maskSecrets(output, state.secretValues), this.deps.limits.outputMaxBytes);
    // A small output rides on the terminal event, so `wait` and sync webhooks answer without a read.
    const onEvent = capped.json.length <= EVENT_OUTPUT_MAX_CHARS;
    return this.finish(trail, run.tenantId, run.id, 'succeeded', { output: capped.value }, onEvent);
  }

  /**
   * Writes the run's terminal state — with the trail, in the same flush as its last checkpoints.
   * (Should one of those checkpoints exist already, another runner computed the same replay-safe
   * results from the same committed ones; the first finish written stands.)
   */
  private async finish(
    trail: CheckpointTrail | null,
    tenantId: string,
    runId: string,
    status: FinalRunStatus,
    result: { output?: unknown; error?: StepErrorRecord | null },
    outputOnEvent = false,
  ): Promise<RunnerVerdict> {
    const wrote = trail
      ? (await trail.commit({ tenantId, runId, status, result })).finished
      : await this.deps.store.finish(tenantId, runId, status, result);
    if (wrote) {
      this.deps.events.publish({
        type: 'run.status',
        runId,
        status,
        at: new Date().toISOString(),
        error: result.error ?? null,
        ...(outputOnEvent && result.output !== undefined ? { output: result.output } : {}),
      });
    }
    return { kind: 'finished', status: wrote ? status : 'already' };
  }

  /**
   * Writes one attempt's checkpoint, then updates state (when the attempt settles the step, i.e. no
   * retry follows) and live views. False: the checkpoint existed already — another runner has the run.
   */
  private async record(
    state: RunState,
    trail: CheckpointTrail,
    flow: CompiledFlow,
    stepId: string,
    attempt: number,
    startedAt: Date,
    outcome: AttemptOutcome,
    settles: boolean,
  ): Promise<boolean> {
    const { step } = compiledStep(flow, stepId);
    // Secrets never reach a checkpoint, an event or a later step through what this step produced.
    const row = settledRow({
      run: state.run,
      stepId,
      path: '',
      attempt,
      secretValues: state.secretValues,
      startedAt,
      outcome,
      onError: step.onError,
      outputCap: this.outputCaps.get(state) ?? this.deps.limits.outputMaxBytes,
    });
    const aborted = row.status === 'cancelled';
    const failed = outcome.kind === 'failed';
    const executor = this.deps.executors.get(step.type);
    const effects = outcome.kind === 'succeeded' ? outcome.result.effects : undefined;
    const settle = () => {
      if (settles && !aborted) {
        const status = failed ? 'failed' : 'succeeded';
        state.settle(stepId, status, row.port ?? undefined, row.output, row.error, executor, effects);
      }
    };
    const committed = (seq: number) => {
      this.deps.metrics?.stepSettled(step.type, row.status, row.durationMs ?? 0);
      this.publishSettled(row, seq);
    };
    if (settles && executor?.replaySafe && !effects?.response) {
      // Replay-safe: the run goes on now; the row is committed with the next commit of the trail.
      trail.add(row, committed);
      settle();
      return true;
    }
    let seq: number | undefined;
    trail.add(row, (s) => (seq = s));
    await trail.commit();
    if (seq === undefined) return false;
    if (effects?.response) await this.deps.store.setResponse(row.tenantId, row.runId, effects.response);
    settle();
    committed(seq);
    return true;
  }

  /** Live views hear of a step once its checkpoint is committed. */
  private publishSettled(row: StepCheckpoint, seq: number): void {
    this.deps.events.publish({
      type: 'step.settled',
      runId: row.runId,
      seq,
      stepId: row.stepId,
      path: row.path,
      attempt: row.attempt,
      status: row.status,
      port: row.port,
      durationMs: row.durationMs,
      error: row.error,
      at: row.finishedAt.toISOString(),
    });
  }

  /** Skips follow from committed outcomes alone, so they are replay-safe: buffered in the trail. */
  private recordSkip(state: RunState, trail: CheckpointTrail, stepId: string, disabled: boolean): void {
    const row = skippedRow({ run: state.run, stepId, path: '', disabled });
    trail.add(row, (seq) => this.publishSettled(row, seq));
    state.settle(stepId, 'skipped', undefined, null, null);
  }

  /**
   * A resumed run starts with copies of the earlier run's succeeded steps (their outputs reused),
   * except the step it resumes from and everything downstream of it, which run again.
   */
  private async reuse(run: RunnerRun, flow: CompiledFlow, fromRunId: string): Promise<RecordedStep[]> {
    const again = run.resumeFromStep
      ? new Set([run.resumeFromStep, ...downstreamOf(flow.definition, run.resumeFromStep)])
      : new Set<string>();
    const earlier = await this.deps.store.succeededStepsOf(run.tenantId, fromRunId);
    const copies: RecordedStep[] = [];
    for (const step of earlier.filter((s) => s.path === '' && !again.has(s.stepId))) {
      const written = await this.deps.store.checkpoint({
        ...step,
        runId: run.id,
        attempt: 1,
        logs: [{ level: 'info', message: `reused from run ${fromRunId}`, time: new Date().toISOString() }],
      });
      if (written) copies.push({ ...step, runId: run.id, attempt: 1, seq: written.seq });
    }
    return copies;
  }
}

/** Outputs up to this JSON length go on the `run.status` event (every live viewer receives it). */
const EVENT_OUTPUT_MAX_CHARS = 64 * 1024;

const cancelled = (): StepErrorRecord => ({ code: 'run.cancelled', message: 'The run was cancelled' });
const timedOut = (): StepErrorRecord => ({
  code: 'run.timed_out',
  message: 'The run exceeded its time limit',
});
