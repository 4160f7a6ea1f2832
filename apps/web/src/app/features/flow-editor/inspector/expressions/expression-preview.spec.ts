import type { FlowDefinition } from '@stepline/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchingFlow, step } from '../../model/model.fixtures';
import type { TestRunView } from '../../test-run/test-run.seam';
import {
  PREVIEW_MAX_LINES,
  formatPreviewValue,
  previewContext,
  previewExpression,
} from './expression-preview';

const lastRun = (extra: Partial<TestRunView> = {}): TestRunView => ({
  runId: 'run-1',
  status: 'succeeded',
  stepStatuses: { fetch: 'succeeded', check: 'failed' },
  lastOutputs: { fetch: { status: 200, body: { id: 7, items: [1, 2, 3] } } },
  input: { email: 'ada@example.com', order: { id: 'o-1' } },
  steps: {
    fetch: { status: 'succeeded', output: { status: 200, body: { id: 7, items: [1, 2, 3] } } },
    check: { status: 'failed', error: { code: 'expression.failed', message: 'boom' } },
  },
  flowId: 'flow-1',
  startedAt: '2026-11-30T17:00:00.000Z',
  trigger: 'manual',
  ...extra,
});

const withVariable = (): FlowDefinition => {
  const definition = branchingFlow();
  definition.steps.push(step('remember', 'setVariable', { config: { name: 'total', value: '{{ 3 }}' } }));
  return definition;
};

describe('live preview of an expression field against the last test run', () => {
  it('shows nothing when there is no test run yet, or the field is empty', async () => {
    expect(await previewExpression('input.email', 'expression', null, branchingFlow())).toEqual({
      kind: 'none',
    });
    expect(await previewExpression('  ', 'expression', lastRun(), branchingFlow())).toEqual({ kind: 'none' });
  });

  it('evaluates a JSONata expression against the run input and step outputs', async () => {
    expect(await previewExpression('input.email', 'expression', lastRun(), branchingFlow())).toEqual({
      kind: 'value',
      text: '"ada@example.com"',
    });
    expect(
      await previewExpression(
        '$sum(steps.fetch.output.body.items)',
        'expression',
        lastRun(),
        branchingFlow(),
      ),
    ).toEqual({ kind: 'value', text: '6' });
    expect(await previewExpression('steps.check.status', 'expression', lastRun(), branchingFlow())).toEqual({
      kind: 'value',
      text: '"failed"',
    });
  });

  it('interpolates {{ }} in a template, and a lone {{ }} keeps the value typed', async () => {
    const text = await previewExpression(
      'Order {{ input.order.id }} for {{ input.email }}',
      'template',
      lastRun(),
      branchingFlow(),
    );
    expect(text).toEqual({ kind: 'value', text: '"Order o-1 for ada@example.com"' });
    const typed = await previewExpression(
      '{{ steps.fetch.output.body.id }}',
      'template',
      lastRun(),
      branchingFlow(),
    );
    expect(typed).toEqual({ kind: 'value', text: '7' });
  });

  it('shows the evaluation failure with its code and message', async () => {
    const preview = await previewExpression('$unknownFn(1)', 'expression', lastRun(), branchingFlow());
    expect(preview.kind).toBe('error');
    if (preview.kind !== 'error') return;
    expect(preview.code).toBe('expression.failed');
    expect(preview.message.length).toBeGreaterThan(0);
  });

  it('masks secrets: a reference previews as •••', async () => {
    expect(
      await previewExpression('Bearer {{ secrets.apiToken }}', 'template', lastRun(), branchingFlow()),
    ).toEqual({
      kind: 'value',
      text: '"Bearer •••"',
    });
  });

  it('takes vars from the run’s setVariable steps (config name → output), and the run from the view', async () => {
    const view = lastRun({ steps: { ...lastRun().steps, remember: { status: 'succeeded', output: 3 } } });
    const context = previewContext(view, withVariable());
    expect(context.vars).toEqual({ total: 3 });
    expect(context.secrets).toEqual({});
    expect(context.run).toMatchObject({ id: 'run-1', flowId: 'flow-1', version: 'draft' });
    expect(await previewExpression('vars.total * 2', 'expression', view, withVariable())).toEqual({
      kind: 'value',
      text: '6',
    });
  });

  it('cuts a long value to a few lines', () => {
    const text = formatPreviewValue(Array.from({ length: 50 }, (_, i) => i));
    expect(text.split('\n')).toHaveLength(PREVIEW_MAX_LINES + 1);
    expect(text.endsWith('…')).toBe(true);
  });

  it('formats any JSON value without throwing and within bounds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = formatPreviewValue(value);
        expect(text.split('\n').length).toBeLessThanOrEqual(PREVIEW_MAX_LINES + 1);
      }),
    );
  });
});
