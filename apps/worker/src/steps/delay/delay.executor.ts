import { StepFailure, type DelayStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/**
 * Waits for a duration or until a time without holding a worker: answers a `delay` wait that times
 * out at the end (docs/adr/0006-durable-waits.md). Output `{ resumedAt }`. A time already past
 * still goes through the wait, which the runner resolves at once.
 */
export const delayExecutor: StepExecutor<DelayStepConfig> = {
  type: 'delay',
  execute: async ({ config }) => {
    let at: number;
    if (config.mode === 'until') {
      at = typeof config.until === 'string' ? Date.parse(config.until) : Number.NaN;
      if (Number.isNaN(at)) {
        throw new StepFailure(
          'step.failed',
          `"until" is not an ISO 8601 date-time: ${String(config.until)}`,
          {
            retryable: false,
          },
        );
      }
    } else {
      at = Date.now() + Math.max(0, Number(config.durationMs ?? 0));
    }
    const resumeAt = new Date(at);
    return { output: null, wait: { kind: 'delay', resumeAt, details: { until: resumeAt.toISOString() } } };
  },
  resume: ({ waitpoint }) => ({
    output: { resumedAt: (waitpoint.resolvedAt ?? new Date()).toISOString() },
  }),
};
