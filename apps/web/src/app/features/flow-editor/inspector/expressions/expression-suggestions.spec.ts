import type { FlowDefinition } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { branchingFlow, step } from '../../model/model.fixtures';
import { pathAtCursor, suggestExpressions } from './expression-suggestions';

const labels = (
  definition: FlowDefinition,
  stepId: string | undefined,
  text: string,
  kind: 'expression' | 'template' = 'expression',
  extra = {},
) =>
  suggestExpressions({ definition, stepId, textBeforeCursor: text, kind, ...extra })?.suggestions.map(
    (s) => s.label,
  );

describe('expression autocomplete', () => {
  it('offers the context roots at the start of a path', () => {
    expect(labels(branchingFlow(), 'ok', '')).toEqual(['input', 'steps', 'vars', 'secrets', 'run']);
    expect(labels(branchingFlow(), 'ok', 'st')).toEqual(['steps']);
  });

  it('offers only upstream steps after "steps."', () => {
    expect(labels(branchingFlow(), 'ok', 'steps.')).toEqual(['fetch', 'check']);
    expect(labels(branchingFlow(), 'fetch', 'steps.')).toEqual([]);
    expect(labels(branchingFlow(), 'notify', '$count(steps.f')).toEqual(['fetch']);
  });

  it('offers output, status and error of a step, and the keys of its last test output', () => {
    expect(labels(branchingFlow(), 'ok', 'steps.fetch.')).toEqual(['output', 'status', 'error']);
    expect(
      labels(branchingFlow(), 'ok', 'steps.fetch.output.', 'expression', {
        lastOutputs: { fetch: { status: 200, body: {} } },
      }),
    ).toEqual(['status', 'body']);
  });

  it('offers input keys from the input schema, nested objects included', () => {
    expect(labels(branchingFlow(), 'ok', 'input.')).toEqual(['email', 'order']);
    expect(labels(branchingFlow(), 'ok', 'input.order.')).toEqual(['id']);
  });

  it('suggests inside {{ }} of a template and nowhere else in it', () => {
    expect(labels(branchingFlow(), 'ok', 'https://x/{{ input.e', 'template')).toEqual(['email']);
    expect(
      suggestExpressions({
        definition: branchingFlow(),
        stepId: 'ok',
        textBeforeCursor: 'https://x/inp',
        kind: 'template',
      }),
    ).toBeUndefined();
    expect(pathAtCursor('{{ a }} and {{ steps.', 'template')).toBe('steps.');
    expect(pathAtCursor('"steps.', 'expression')).toBeUndefined();
  });

  it('offers variables, secret names, run fields, and loop locals inside a forEach body', () => {
    const def: FlowDefinition = {
      schemaVersion: 1,
      steps: [
        step('remember', 'setVariable', { config: { name: 'customer', value: '' } }),
        step('loop', 'forEach', {
          config: { items: 'input.items', body: { steps: [step('each', 'transform')], edges: [] } },
        }),
      ],
      edges: [{ from: 'remember', to: 'loop' }],
    };
    expect(labels(def, 'loop', 'vars.')).toEqual(['customer']);
    expect(labels(def, 'loop', 'secrets.', 'expression', { secretNames: ['API_TOKEN'] })).toEqual([
      'API_TOKEN',
    ]);
    expect(labels(def, 'loop', 'run.')).toEqual(['id', 'flowId', 'version', 'startedAt', 'trigger']);
    expect(labels(def, 'each', 'i')).toEqual(['input', 'item', 'index']);
    expect(labels(def, 'each', 'steps.')).toEqual(['remember']);
  });
});
