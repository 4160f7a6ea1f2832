import type { FlowStep, SetVariableStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/** Output is the value; the effect puts it at `vars.<name>` for the steps after it. */
export const setVariableExecutor: StepExecutor<SetVariableStepConfig> = {
  type: 'setVariable',
  replaySafe: true,
  execute: async ({ config }) => ({
    output: config.value,
    effects: { vars: { [config.name]: config.value } },
  }),
  // The name is literal config (never a template), so a recorded output is enough to replay it.
  effectsOf: (step: FlowStep, output: unknown) => ({ vars: { [String(step.config.name)]: output } }),
};
