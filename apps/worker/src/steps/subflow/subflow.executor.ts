import {
  StepFailure,
  STEP_FAILURE_CODES,
  type StepFailureCode,
  type SubflowStepConfig,
} from '@stepline/domain';
import type { SubflowResult } from '@stepline/server';
import type { StepExecutor } from '../step-executor.js';
import type { SubflowStarter } from './subflow-runs.service.js';

/**
 * subflow (product.md §4): starts a published flow of the same tenant as a child run (linked by
 * `parent_run_id`, trigger `subflow`). `wait: false` outputs `{ runId }` at once; otherwise the
 * step waits on a `subflow` waitpoint that the child's end resolves, and outputs the child's
 * output — or fails with the child's error code (`subflow.failed` when it has none).
 */
export function createSubflowExecutor(starter: SubflowStarter): StepExecutor<SubflowStepConfig> {
  return {
    type: 'subflow',
    async execute({ config, step, tenantId, runId, attempt, path, scope, log }) {
      // One child per step attempt and iteration: a step re-run after a crash finds its child. A
      // loop one level deep keys by its index (the key children already started carry); nested
      // loops by the whole path, so outer[0].inner[0] and outer[1].inner[0] get their own child.
      const where = path?.includes('.') ? path : (scope.index ?? '');
      const key = `subflow:${runId}:${step.id}:${where}:${attempt}`;
      const { runId: childRunId } = await starter.start({
        tenantId,
        parentRunId: runId,
        flowId: config.flowId,
        ...(config.version !== undefined ? { version: config.version } : {}),
        input: config.input ?? {},
        key,
      });
      log('info', `started child run ${childRunId}`);
      if (config.wait === false) return { output: { runId: childRunId } };
      return { output: null, wait: { kind: 'subflow', details: { childRunId, flowId: config.flowId } } };
    },
    resume({ waitpoint }) {
      if (waitpoint.status === 'cancelled') throw new StepFailure('step.cancelled', 'The wait was cancelled');
      const child = waitpoint.result as SubflowResult;
      if (child.status === 'succeeded') return { output: child.output };
      const error = (child.error ?? {}) as { code?: string; message?: string };
      const code = (
        error.code && error.code in STEP_FAILURE_CODES ? error.code : 'subflow.failed'
      ) as StepFailureCode;
      throw new StepFailure(
        code,
        `Child run ${child.childRunId} ${child.status}: ${error.message ?? ''}`.trim(),
        {
          retryable: false,
          detail: { childRunId: child.childRunId, childStatus: child.status, childCode: error.code ?? null },
        },
      );
    },
  };
}
