import { isStepFailure, StepFailure, type StepErrorRecord, type StepFailureCode } from '@stepline/domain';
import type { StepExecutionResult, StepExecutor, StepLogEntry, StepScope } from '../steps/step-executor.js';
import type { RunAbortReason } from './run-control.listener.js';
import type { CompiledStep, EvaluationScope } from './compiled-flow.js';
import type { NestedGraphs } from './for-each/nested-graph-runner.js';

export type AttemptOutcome =
  | { kind: 'succeeded'; result: StepExecutionResult; input: unknown; logs: StepLogEntry[] }
  | { kind: 'failed'; error: StepErrorRecord; retryable: boolean; input: unknown; logs: StepLogEntry[] };

export interface AttemptRequest {
  tenantId: string;
  runId: string;
  compiled: CompiledStep;
  executor: StepExecutor | undefined;
  scope: EvaluationScope;
  attempt: number;
  runSignal: AbortSignal;
  maxLogEntries: number;
  expressionLimits: { timeoutMs: number; maxDepth: number };
  /** For steps with a nested graph (forEach): runs their body's iterations. */
  nested?: NestedGraphs;
  /** The step's iteration path inside loops (`loop[2]`, `outer[0].inner[1]`); '' or absent at the top. */
  path?: string;
}

const abortCode = (reason: unknown): StepFailureCode =>
  (reason as RunAbortReason) === 'timeout' ? 'run.timed_out' : 'step.cancelled';

/**
 * One attempt of one step: evaluate its config, execute it, classify what went wrong. Never throws:
 * the runner turns the outcome into a checkpoint and decides about retries.
 */
export async function runAttempt(req: AttemptRequest): Promise<AttemptOutcome> {
  const { step } = req.compiled;
  const { logs, log } = stepLog(req.maxLogEntries);
  const stepTimeout = step.timeoutMs ? AbortSignal.timeout(step.timeoutMs) : undefined;
  const signal = stepTimeout ? AbortSignal.any([req.runSignal, stepTimeout]) : req.runSignal;
  let input: unknown = null;
  try {
    if (!req.executor) {
      throw new StepFailure('step.internal', `No executor for step type "${step.type}"`, {
        retryable: false,
      });
    }
    const config = await req.compiled.resolve(req.scope, req.expressionLimits);
    input = config;
    const stepScope: StepScope = {
      input: req.scope.input,
      steps: req.scope.steps,
      vars: req.scope.vars,
      item: req.scope.item,
      index: req.scope.index,
    };
    const result = await untilAborted(
      req.executor.execute({
        tenantId: req.tenantId,
        runId: req.runId,
        step,
        config: config as never,
        scope: stepScope,
        attempt: req.attempt,
        path: req.path ?? '',
        signal,
        log,
        secret: (name) => req.scope.secrets[name],
        ...(req.nested ? { nested: req.nested } : {}),
      }),
      signal,
    );
    return { kind: 'succeeded', result, input, logs };
  } catch (error) {
    return { kind: 'failed', ...classify(error, req.runSignal, stepTimeout, step.timeoutMs), input, logs };
  }
}

function classify(
  error: unknown,
  runSignal: AbortSignal,
  stepTimeout: AbortSignal | undefined,
  timeoutMs: number | undefined,
): { error: StepErrorRecord; retryable: boolean } {
  if (runSignal.aborted) {
    const code = abortCode(runSignal.reason);
    return {
      error: { code, message: code === 'run.timed_out' ? 'The run timed out' : 'The step was cancelled' },
      retryable: false,
    };
  }
  if (stepTimeout?.aborted) {
    return {
      error: { code: 'step.timeout', message: `The step did not finish within ${timeoutMs} ms` },
      retryable: true,
    };
  }
  return { error: errorRecordOf(error), retryable: isStepFailure(error) ? error.retryable : true };
}

/** A step's log and the function executors write it with: lines capped at `maxLogEntries`. */
export function stepLog(maxLogEntries: number): {
  logs: StepLogEntry[];
  log: (level: StepLogEntry['level'], message: string) => void;
} {
  const logs: StepLogEntry[] = [];
  const log = (level: StepLogEntry['level'], message: string) => {
    if (logs.length < maxLogEntries)
      logs.push({ level, message: message.slice(0, 4_000), time: new Date().toISOString() });
    else if (logs.length === maxLogEntries)
      logs.push({ level: 'warn', message: '… further log lines dropped', time: new Date().toISOString() });
  };
  return { logs, log };
}

/** What a step failure records: a StepFailure's code and detail, anything else as `step.internal`. */
export function errorRecordOf(error: unknown): StepErrorRecord {
  if (isStepFailure(error)) {
    const record: StepErrorRecord = { code: error.code, message: error.message };
    if (Object.keys(error.detail).length > 0) record.detail = error.detail;
    return record;
  }
  // Not ours to explain: keep the message short and free of stack traces.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'step.internal', message: message.slice(0, 500) || 'The step failed' };
}

/** Resolves or rejects with the work, or rejects as soon as `signal` aborts (the work is left behind). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
