import { isStepFailure, type FlowStep } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import type { WaitResolution } from '../../waits/wait.types.js';
import { createSubflowExecutor } from './subflow.executor.js';

const step: FlowStep = { id: 'child', type: 'subflow', config: {} };
const started: Array<Record<string, unknown>> = [];
const executor = createSubflowExecutor({
  start: async (req) => {
    started.push(req);
    return { runId: 'child-1' };
  },
});

const context = (config: Record<string, unknown>) => ({
  tenantId: 't-1',
  runId: 'parent-1',
  step,
  config: { flowId: 'flow-2', ...config } as never,
  scope: { input: {}, steps: {}, vars: {} },
  attempt: 2,
  signal: new AbortController().signal,
  log: () => undefined,
  secret: () => undefined,
});

const resolution = (status: WaitResolution['status'], result: unknown): WaitResolution => ({
  waitpointId: 'wp-1',
  status,
  result,
  resolvedBy: 'run:child-1',
  resolvedAt: new Date(),
  resumeAt: null,
  details: { childRunId: 'child-1' },
});

const failureOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isStepFailure(error)) return error;
    throw error;
  }
  throw new Error('did not fail');
};

describe('subflow executor', () => {
  it('starts the child with a key naming the parent, step and attempt, and waits for it', async () => {
    const result = await executor.execute(context({ input: { n: 1 } }));
    expect(started.at(-1)).toMatchObject({
      tenantId: 't-1',
      parentRunId: 'parent-1',
      flowId: 'flow-2',
      input: { n: 1 },
      key: 'subflow:parent-1:child::2',
    });
    expect(result.wait).toEqual({ kind: 'subflow', details: { childRunId: 'child-1', flowId: 'flow-2' } });
  });

  it('outputs { runId } at once without waiting', async () => {
    expect(await executor.execute(context({ wait: false }))).toEqual({ output: { runId: 'child-1' } });
  });

  it('outputs the child’s output when it succeeded', () => {
    const out = executor.resume!({
      step,
      waitpoint: resolution('resolved', {
        childRunId: 'child-1',
        status: 'succeeded',
        output: { ok: 1 },
        error: null,
      }),
      log: () => undefined,
    });
    expect(out).toEqual({ output: { ok: 1 } });
  });

  it('fails with the child’s code, or subflow.failed when the child has none it can name', () => {
    const failed = failureOf(() =>
      executor.resume!({
        step,
        waitpoint: resolution('resolved', {
          childRunId: 'child-1',
          status: 'failed',
          output: null,
          error: { code: 'http.status', message: 'The server answered 500' },
        }),
        log: () => undefined,
      }),
    );
    expect(failed.code).toBe('http.status');
    expect(failed.retryable).toBe(false);
    expect(failed.detail).toMatchObject({ childRunId: 'child-1', childStatus: 'failed' });
    const odd = failureOf(() =>
      executor.resume!({
        step,
        waitpoint: resolution('resolved', {
          childRunId: 'child-1',
          status: 'failed',
          output: null,
          error: { code: 'expense.rejected', message: 'no' },
        }),
        log: () => undefined,
      }),
    );
    expect(odd.code).toBe('subflow.failed');
    expect(odd.detail['childCode']).toBe('expense.rejected');
  });

  it('fails step.cancelled when its wait was cancelled', () => {
    expect(
      failureOf(() =>
        executor.resume!({ step, waitpoint: resolution('cancelled', null), log: () => undefined }),
      ).code,
    ).toBe('step.cancelled');
  });
});
