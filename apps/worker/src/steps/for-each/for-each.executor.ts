import {
  ForEachProgress,
  StepFailure,
  STEP_FAILURE_CODES,
  type ForEachStepConfig,
  type IterationResult,
  type StepFailureCode,
} from '@stepline/domain';
import { isParked, type BodyGraph, type IterationEnd } from '../../runs/for-each/nested-graph-runner.js';
import type { IterationWait } from '../../waits/wait.types.js';
import type { StepExecutor } from '../step-executor.js';

/**
 * forEach: runs its body once per item, at most `concurrency` iterations at once, and outputs the
 * body outputs in input order. Which iteration starts next and when the loop is over is the
 * domain's `ForEachProgress`; running an iteration (its body steps, checkpointed per iteration
 * path) is the runner's `NestedGraphs`. Items beyond the tenant's `maxForEachItems` fail the step.
 * An iteration whose body waits (delay, approval …) keeps its slot; once nothing else can move the
 * step answers `wait: { kind: 'iterations' }` and runs again when one of those waits is resolved.
 */
export const forEachExecutor: StepExecutor<ForEachStepConfig & { items: unknown }> = {
  type: 'forEach',
  async execute(ctx) {
    const items = ctx.config.items;
    if (!Array.isArray(items)) {
      throw new StepFailure('forEach.invalid_items', `items must be an array, got ${typeName(items)}`);
    }
    const nested = ctx.nested;
    if (!nested) throw new StepFailure('step.internal', 'forEach ran without a nested graph runner');
    const max = await nested.maxItems();
    if (items.length > max) {
      throw new StepFailure(
        'quota.foreach_items_exceeded',
        `forEach over ${items.length} items: the tenant allows at most ${max}`,
        { detail: { limit: max, items: items.length } },
      );
    }
    // The raw body of the definition: compiled once per version (the config copy is per attempt).
    const body = (ctx.step.config as { body: BodyGraph }).body;
    const progress = new ForEachProgress(
      items.length,
      ctx.config.concurrency ?? 1,
      ctx.config.onItemError ?? 'fail',
    );
    const running = new Map<number, Promise<{ index: number; result: IterationEnd }>>();
    const parked: IterationWait[] = [];
    for (;;) {
      for (const index of progress.next()) {
        running.set(
          index,
          nested.runIteration(body, index, items[index], ctx.signal).then(
            (result) => ({ index, result }),
            (error: unknown) => ({ index, result: iterationError(error, index) }),
          ),
        );
      }
      if (progress.done) break;
      if (running.size === 0) break;
      const { index, result } = await Promise.race(running.values());
      running.delete(index);
      // A parked iteration stays in flight for `progress` (its slot is taken) until a later attempt.
      if (isParked(result)) parked.push(...result.parked);
      else progress.settle(index, result);
      if (ctx.signal.aborted) {
        await Promise.allSettled(running.values());
        throw new StepFailure('step.cancelled', 'The loop was cancelled');
      }
    }
    const failure = progress.policy === 'fail' ? progress.failure : undefined;
    if (!failure && parked.length > 0) {
      ctx.log('info', `${parked.length} waits in ${progress.inFlight} iterations`);
      return { output: null, wait: { kind: 'iterations', waits: parked } };
    }
    if (failure) {
      // Iterations still waiting will not go on: their waits end with the loop.
      await nested.cancelWaits(parked);
      const code = failure.error.code in STEP_FAILURE_CODES ? failure.error.code : 'step.failed';
      throw new StepFailure(
        code as StepFailureCode,
        `Item ${failure.index} failed at step "${failure.error.stepId ?? '?'}": ${failure.error.message}`,
        {
          retryable: false,
          detail: { ...failure.error.detail, index: failure.index, stepId: failure.error.stepId },
        },
      );
    }
    ctx.log('info', `${items.length} items`);
    return { output: progress.outputs() };
  },
};

function iterationError(error: unknown, index: number): IterationResult {
  const message = error instanceof Error ? error.message : String(error);
  const code: StepFailureCode = error instanceof StepFailure ? error.code : 'step.internal';
  return { ok: false, error: { code, message: message.slice(0, 500), detail: { index } } };
}

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
