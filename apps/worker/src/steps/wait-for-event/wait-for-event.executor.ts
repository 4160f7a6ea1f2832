import { RECEIVED_PORT, StepFailure, TIMEOUT_PORT, type WaitForEventStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/** Events carry keys of at most this length (the events table); a longer one could never match. */
const MAX_KEY_LENGTH = 255;

/** The evaluated correlation key as text; a template may yield a number (a phone number …). */
function keyOf(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value.length === 0) {
    throw new StepFailure(
      'step.failed',
      'The correlation key evaluated to nothing usable (empty, null or not text)',
      {
        retryable: false,
      },
    );
  }
  if (value.length > MAX_KEY_LENGTH) {
    throw new StepFailure('step.failed', `The correlation key is longer than ${MAX_KEY_LENGTH} characters`, {
      retryable: false,
    });
  }
  return value;
}

/**
 * Parks the run until an event (name, key) of its tenant arrives (`POST /v1/events` resumes it
 * through resumeRun with the payload as result). Output: the event payload, on port `received`
 * when the step has a timeout. On timeout: the `timeout` edge when the flow has one (output null),
 * else the step fails with `wait.timed_out`.
 */
export const waitForEventExecutor: StepExecutor<WaitForEventStepConfig> = {
  type: 'waitForEvent',
  execute: async ({ config }) => {
    const correlationKey = keyOf(config.correlationKey);
    const resumeAt = config.timeoutMs !== undefined ? new Date(Date.now() + config.timeoutMs) : null;
    return {
      output: null,
      wait: {
        kind: 'event',
        eventName: config.event,
        correlationKey,
        resumeAt,
        details: { event: config.event, key: correlationKey, timeoutMs: config.timeoutMs ?? null },
      },
    };
  },
  resume: ({ step, waitpoint, hasEdge }) => {
    // With a timeout the step has two ports: `received` keeps the happy path off a timeout.
    if (waitpoint.status === 'resolved')
      return step.config['timeoutMs'] !== undefined
        ? { output: waitpoint.result, port: RECEIVED_PORT }
        : { output: waitpoint.result };
    if (waitpoint.status === 'timed_out' && hasEdge?.(TIMEOUT_PORT))
      return { output: null, port: TIMEOUT_PORT };
    const event = String(step.config['event'] ?? '');
    if (waitpoint.status === 'timed_out') {
      throw new StepFailure('wait.timed_out', `No "${event}" event arrived before the timeout`, {
        retryable: false,
      });
    }
    throw new StepFailure('step.cancelled', 'The wait was cancelled', { retryable: false });
  },
};
