import { isStepFailure, type ApprovalStepConfig, type FlowStep } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import type { WaitResolution } from '../../waits/wait.types.js';
import { approvalExecutor } from './approval.executor.js';

const step = { id: 'ask', type: 'approval', name: 'Ask finance', config: {} } as FlowStep;
const execute = (config: ApprovalStepConfig) =>
  approvalExecutor.execute({
    tenantId: 't',
    runId: 'r',
    step,
    config,
    scope: { input: {}, steps: {}, vars: {} },
    attempt: 1,
    signal: new AbortController().signal,
    log: () => undefined,
    secret: () => undefined,
  });
const resume = (waitpoint: Partial<WaitResolution>, edges: string[] = ['timeout']) =>
  approvalExecutor.resume!({
    step,
    log: () => undefined,
    hasEdge: (port) => edges.includes(port),
    waitpoint: {
      waitpointId: 'w',
      status: 'resolved',
      result: null,
      resolvedBy: null,
      resolvedAt: new Date('2026-01-01T00:00:00Z'),
      resumeAt: null,
      details: {},
      ...waitpoint,
    },
  });

describe('the approval executor', () => {
  it('waits on an approval waitpoint that carries the request people see', async () => {
    const before = Date.now();
    const result = await execute({
      title: 'Pay 120 EUR?',
      options: ['pay', 'refuse'],
      assignees: ['Boss@Example.com'],
      timeoutMs: 60_000,
      defaultOutcome: 'refuse',
    });
    expect(result.output).toBeNull();
    expect(result.wait).toMatchObject({
      kind: 'approval',
      details: {
        title: 'Pay 120 EUR?',
        options: ['pay', 'refuse'],
        approverRole: 'operator',
        assignees: ['boss@example.com'],
        timeoutMs: 60_000,
        defaultOutcome: 'refuse',
        stepName: 'Ask finance',
      },
    });
    expect(result.wait!.resumeAt!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('waits without a timeout when the step has none', async () => {
    expect((await execute({})).wait).toMatchObject({
      resumeAt: null,
      details: { options: ['approved', 'rejected'] },
    });
  });

  it('fails the step, without retrying, when an assignee is neither a user id nor an email', async () => {
    const error = await execute({ assignees: ['the finance team'] }).catch((e: unknown) => e);
    expect(isStepFailure(error) && { code: error.code, retryable: error.retryable }).toEqual({
      code: 'step.failed',
      retryable: false,
    });
  });

  it('follows the decided option with the decision as output', () => {
    const output = {
      decision: 'pay',
      comment: 'ok',
      decidedBy: { type: 'user', id: 'u', label: 'a@b.c' },
      decidedAt: 'x',
      timedOut: false,
    };
    expect(resume({ result: output })).toEqual({ output, port: 'pay' });
  });

  it('decides the default outcome on a timeout, or follows the timeout port without one', () => {
    expect(resume({ status: 'timed_out', details: { defaultOutcome: 'refuse' } })).toMatchObject({
      port: 'refuse',
      output: { decision: 'refuse', timedOut: true, decidedBy: { type: 'system' } },
    });
    expect(resume({ status: 'timed_out', details: {} })).toMatchObject({
      port: 'timeout',
      output: { decision: null, timedOut: true },
    });
  });

  it('fails with wait.timed_out when nobody decided, without a default outcome or a timeout edge', () => {
    const error = (() => {
      try {
        return resume({ status: 'timed_out', details: {} }, []);
      } catch (e) {
        return e;
      }
    })();
    expect(isStepFailure(error) && error.code).toBe('wait.timed_out');
    expect(resume({ status: 'timed_out', details: { defaultOutcome: 'refuse' } }, [])).toMatchObject({
      port: 'refuse',
    });
  });

  it('fails as cancelled when its run was cancelled', () => {
    expect(() => resume({ status: 'cancelled' })).toThrow(/cancelled/);
  });
});
