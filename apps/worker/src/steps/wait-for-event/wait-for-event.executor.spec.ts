import { isStepFailure, type FlowStep } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import type { StepExecutionContext } from '../step-executor.js';
import type { WaitResolution } from '../../waits/wait.types.js';
import { waitForEventExecutor } from './wait-for-event.executor.js';

const step = { id: 'reply', type: 'waitForEvent', config: { event: 'message.received' } } as FlowStep;
const execute = (config: Record<string, unknown>) =>
  waitForEventExecutor.execute({
    tenantId: 't',
    runId: 'r',
    step,
    config: config as never,
    scope: { input: {}, steps: {}, vars: {} },
    attempt: 1,
    signal: new AbortController().signal,
    log: () => undefined,
    secret: () => undefined,
  } satisfies StepExecutionContext<never>);
const resume = (waitpoint: Partial<WaitResolution>, edges: string[] = []) =>
  waitForEventExecutor.resume!({
    step,
    waitpoint: {
      waitpointId: 'w',
      status: 'resolved',
      result: null,
      resolvedBy: null,
      resolvedAt: null,
      resumeAt: null,
      details: {},
      ...waitpoint,
    },
    hasEdge: (port) => edges.includes(port),
    log: () => undefined,
  });
const failureOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('the waitForEvent executor', () => {
  it('asks for an event wait with the evaluated key and the timeout', async () => {
    const before = Date.now();
    const { wait } = await execute({
      event: 'message.received',
      correlationKey: '+4917012345',
      timeoutMs: 5_000,
    });
    expect(wait).toMatchObject({
      kind: 'event',
      eventName: 'message.received',
      correlationKey: '+4917012345',
    });
    expect(wait!.resumeAt!.getTime()).toBeGreaterThanOrEqual(before + 5_000);
  });

  it('waits for any key without a correlation key, and without a timeout when none is set', async () => {
    const { wait } = await execute({ event: 'order.paid' });
    expect(wait).toMatchObject({ eventName: 'order.paid', correlationKey: null, resumeAt: null });
  });

  it('takes a key a template made a number as its text, and refuses an empty or structured key', async () => {
    expect((await execute({ event: 'e', correlationKey: 4917012345 })).wait?.correlationKey).toBe(
      '4917012345',
    );
    for (const key of ['', null, { phone: 1 }, 'x'.repeat(256)]) {
      const error = await execute({ event: 'e', correlationKey: key }).catch((e: unknown) => e);
      expect(isStepFailure(error) && error.code === 'step.failed' && !error.retryable).toBe(true);
    }
  });

  it('outputs the event payload, on the received port when the step has a timeout', () => {
    expect(resume({ result: { text: 'yes' } })).toEqual({ output: { text: 'yes' } });
    const timed = waitForEventExecutor.resume!({
      step: { ...step, config: { event: 'e', timeoutMs: 5_000 } },
      waitpoint: {
        waitpointId: 'w',
        status: 'resolved',
        result: 1,
        resolvedBy: null,
        resolvedAt: null,
        resumeAt: null,
        details: {},
      },
      log: () => undefined,
    });
    expect(timed).toEqual({ output: 1, port: 'received' });
  });

  it('follows the timeout edge on timeout when the flow has one, else fails with wait.timed_out', () => {
    expect(resume({ status: 'timed_out' }, ['timeout'])).toEqual({ output: null, port: 'timeout' });
    const error = failureOf(() => resume({ status: 'timed_out' }));
    expect(isStepFailure(error) && error.code === 'wait.timed_out' && !error.retryable).toBe(true);
  });
});
