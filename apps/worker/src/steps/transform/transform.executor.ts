import type { TransformStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/** The expression was evaluated with the rest of the config: its value is the output. */
export const transformExecutor: StepExecutor<TransformStepConfig> = {
  type: 'transform',
  replaySafe: true,
  execute: async ({ config }) => ({ output: (config as { expression: unknown }).expression }),
};
