import { jsonEqual, SWITCH_DEFAULT_PORT, type SwitchStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/** The first case whose value equals the expression's (structural JSON equality), else `default`. */
export const switchExecutor: StepExecutor<SwitchStepConfig> = {
  type: 'switch',
  replaySafe: true,
  execute: async ({ config }) => {
    const value = (config as { expression: unknown }).expression;
    const match = config.cases.find((c) => jsonEqual(c.value, value));
    const port = match?.name ?? SWITCH_DEFAULT_PORT;
    return { output: { case: port }, port };
  },
};
