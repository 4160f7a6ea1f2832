import type { RespondStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/**
 * Records the response of a synchronous webhook (the webhook trigger reads it from the run); the
 * run goes on. Output is null: the response is an effect, not data for later steps.
 */
export const respondExecutor: StepExecutor<RespondStepConfig> = {
  type: 'respond',
  execute: async ({ config }) => ({
    output: null,
    effects: {
      response: { status: config.status ?? 200, headers: config.headers ?? {}, body: config.body ?? null },
    },
  }),
};
