import { StepFailure, type FailStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/** Ends the run as failed: `flow.failed` is never retried and ignores `onError` (the runner's rule). */
export const failExecutor: StepExecutor<FailStepConfig> = {
  type: 'fail',
  replaySafe: true,
  execute: async ({ config }) => {
    throw new StepFailure('flow.failed', String(config.message), {
      detail: config.code ? { code: config.code } : {},
    });
  },
};
