import { isStepFailure, type FlowStep } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import type { StepExecutionContext } from '../step-executor.js';
import type { WaitResolution } from '../../waits/wait.types.js';
import { delayExecutor } from './delay.executor.js';

const step = { id: 'pause', type: 'delay', config: {} } as FlowStep;
const execute = (config: Record<string, unknown>) =>
  delayExecutor.execute({
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

const resolution = (overrides: Partial<WaitResolution>): WaitResolution => ({
  waitpointId: 'w',
  status: 'timed_out',
  result: null,
  resolvedBy: 'timeout',
  resolvedAt: null,
  resumeAt: null,
  details: {},
  ...overrides,
});

describe('the delay executor', () => {
  it('asks for a delay wait ending after the duration', async () => {
    const before = Date.now();
    const { wait, output } = await execute({ mode: 'duration', durationMs: 60_000 });
    expect(output).toBeNull();
    expect(wait?.kind).toBe('delay');
    expect(wait!.resumeAt!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(wait!.resumeAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('asks for a delay wait ending at the given time, even one already past', async () => {
    expect((await execute({ mode: 'until', until: '2030-01-02T03:04:05.000Z' })).wait?.resumeAt).toEqual(
      new Date('2030-01-02T03:04:05.000Z'),
    );
    expect((await execute({ mode: 'until', until: '2001-01-01T00:00:00Z' })).wait?.resumeAt).toEqual(
      new Date('2001-01-01T00:00:00Z'),
    );
  });

  it('fails without retry when "until" evaluated to something that is not a date', async () => {
    const error = await execute({ mode: 'until', until: 'next tuesday' }).catch((e: unknown) => e);
    expect(isStepFailure(error) && error.code === 'step.failed' && !error.retryable).toBe(true);
  });

  it('outputs when it resumed', () => {
    const resolvedAt = new Date('2030-01-02T03:04:05.000Z');
    expect(
      delayExecutor.resume!({ step, waitpoint: resolution({ resolvedAt }), log: () => undefined }),
    ).toEqual({ output: { resumedAt: resolvedAt.toISOString() } });
  });
});
