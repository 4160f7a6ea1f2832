import { isStepFailure, type FlowStep } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { conditionExecutor, toBoolean } from './condition/condition.executor.js';
import { failExecutor } from './fail/fail.executor.js';
import { respondExecutor } from './respond/respond.executor.js';
import { setVariableExecutor } from './set-variable/set-variable.executor.js';
import type { StepExecutionContext, StepExecutor } from './step-executor.js';
import { switchExecutor } from './switch/switch.executor.js';
import { transformExecutor } from './transform/transform.executor.js';

const run = <C>(executor: StepExecutor<C>, config: unknown) =>
  executor.execute({
    tenantId: 't',
    runId: 'r',
    step: { id: 's', type: executor.type, config: config as Record<string, unknown> } as FlowStep,
    config: config as C,
    scope: { input: {}, steps: {}, vars: {} },
    attempt: 1,
    signal: new AbortController().signal,
    log: () => undefined,
    secret: () => undefined,
  } satisfies StepExecutionContext<C>);

describe('the core executors', () => {
  it('transform outputs the evaluated expression', async () => {
    await expect(run(transformExecutor, { expression: { a: [1, 2] } })).resolves.toEqual({
      output: { a: [1, 2] },
    });
  });

  it.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ['', false],
    ['x', true],
    [null, false],
    [undefined, false],
    [[], false],
    [[0, ''], false],
    [[0, 1], true],
    [{}, false],
    [{ a: 1 }, true],
  ])('condition casts %j to %s like JSONata and emits that port', async (value, expected) => {
    expect(toBoolean(value)).toBe(expected);
    await expect(run(conditionExecutor, { expression: value })).resolves.toEqual({
      output: { result: expected },
      port: String(expected),
    });
  });

  it('switch follows the first case with an equal value, else default', async () => {
    const cases = [
      { name: 'vip', value: { tier: 'vip' } },
      { name: 'one', value: 1 },
      { name: 'again', value: 1 },
    ];
    await expect(run(switchExecutor, { expression: { tier: 'vip' }, cases })).resolves.toMatchObject({
      port: 'vip',
    });
    await expect(run(switchExecutor, { expression: 1, cases })).resolves.toEqual({
      output: { case: 'one' },
      port: 'one',
    });
    await expect(run(switchExecutor, { expression: '1', cases })).resolves.toMatchObject({ port: 'default' });
  });

  it('setVariable outputs the value and sets vars.<name>, also when replayed from its output', async () => {
    const result = await run(setVariableExecutor, { name: 'total', value: 42 });
    expect(result).toEqual({ output: 42, effects: { vars: { total: 42 } } });
    const step = { id: 's', type: 'setVariable', config: { name: 'total', value: '{{ 1 }}' } } as FlowStep;
    expect(setVariableExecutor.effectsOf?.(step, 42)).toEqual({ vars: { total: 42 } });
  });

  it('respond records the response as an effect with defaults', async () => {
    await expect(run(respondExecutor, { body: { ok: true } })).resolves.toEqual({
      output: null,
      effects: { response: { status: 200, headers: {}, body: { ok: true } } },
    });
  });

  it('fail throws flow.failed, not retryable, with its own code in detail', async () => {
    const error = await run(failExecutor, { message: 'nope', code: 'order.invalid' }).catch(
      (e: unknown) => e,
    );
    expect(isStepFailure(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'flow.failed',
      message: 'nope',
      retryable: false,
      detail: { code: 'order.invalid' },
    });
  });
});
