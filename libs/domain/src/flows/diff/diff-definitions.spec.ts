import { describe, expect, it } from 'vitest';
import {
  applyDiff,
  diffDefinitions,
  diffNestedGraphs,
  isEmptyDiff,
  normalizeDefinition,
} from './diff-definitions.js';
import { exampleDefinition } from '../definition/example-definition.js';
import type { FlowDefinition } from '../definition/flow-definition.types.js';
import { applyOperations } from '../operations/flow-operations.js';

const edited = (): FlowDefinition =>
  applyOperations(exampleDefinition(), [
    { type: 'removeStep', stepId: 'notify_failed' },
    { type: 'addStep', step: { id: 'audit', type: 'setVariable', config: { name: 'seen', value: true } } },
    { type: 'connect', edge: { from: 'is_vip', to: 'audit', when: 'false' } },
    {
      type: 'updateStep',
      stepId: 'lookup',
      changes: { name: 'Find', config: { method: 'GET', url: 'https://crm2/{{ input.email }}' } },
    },
    { type: 'updateStep', stepId: 'total', changes: { notes: 'n' } },
    { type: 'updateSettings', settings: { maxConcurrency: 2 } },
    { type: 'setOutput', output: { done: true } },
  ]);

describe('diffDefinitions', () => {
  it('is empty between a definition and itself, or a reordered copy', () => {
    const def = exampleDefinition();
    expect(isEmptyDiff(diffDefinitions(def, exampleDefinition()))).toBe(true);
    const reordered = { ...def, steps: [...def.steps].reverse(), edges: [...def.edges].reverse() };
    expect(isEmptyDiff(diffDefinitions(def, reordered))).toBe(true);
  });

  it('lists added, removed and changed steps with the changed fields', () => {
    const diff = diffDefinitions(exampleDefinition(), edited());
    expect(diff.steps.added.map((s) => s.id)).toEqual(['audit']);
    expect(diff.steps.removed.map((s) => s.id)).toEqual(['notify_failed']);
    expect(diff.steps.changed.map((c) => [c.id, c.fields])).toEqual([
      ['lookup', ['config', 'name', 'config.url']],
      ['orders', ['config', 'config.body']],
    ]);
    expect(diff.steps.changed[0]?.before.name).toBe('Look up customer');
    expect(diff.steps.changed[0]?.after.name).toBe('Find');
  });

  it('lists added and removed edges', () => {
    const diff = diffDefinitions(exampleDefinition(), edited());
    expect(diff.edges).toEqual({
      added: [{ from: 'is_vip', to: 'audit', when: 'false' }],
      removed: [{ from: 'notify', to: 'notify_failed', when: 'error' }],
    });
  });

  it('names changed settings, output and input schema', () => {
    const diff = diffDefinitions(exampleDefinition(), edited());
    expect(diff.settings.changed).toEqual(['output', 'settings.maxConcurrency']);
    expect(diff.settings.after.output).toEqual({ done: true });
    const noSchema = { ...exampleDefinition() };
    delete noSchema.inputSchema;
    expect(diffDefinitions(exampleDefinition(), noSchema).settings).toEqual({
      changed: ['inputSchema'],
      before: { inputSchema: exampleDefinition().inputSchema },
      after: {},
    });
  });

  it('notices a settings object that only appears or disappears', () => {
    const bare: FlowDefinition = { schemaVersion: 1, steps: [], edges: [] };
    expect(diffDefinitions(bare, { ...bare, settings: {} }).settings.changed).toEqual(['settings']);
  });
});

describe('applyDiff', () => {
  it('turns a into b', () => {
    const a = exampleDefinition();
    const b = edited();
    expect(normalizeDefinition(applyDiff(a, diffDefinitions(a, b)))).toEqual(normalizeDefinition(b));
  });

  it('removes fields that b does not have', () => {
    const a = exampleDefinition();
    const b: FlowDefinition = { schemaVersion: 1, steps: [], edges: [] };
    expect(applyDiff(a, diffDefinitions(a, b))).toEqual(b);
  });

  it('leaves a untouched', () => {
    const a = exampleDefinition();
    applyDiff(a, diffDefinitions(a, edited()));
    expect(a).toEqual(exampleDefinition());
  });
});

describe('diffNestedGraphs', () => {
  it('compares a forEach body with the same body of the older definition, with changed fields', () => {
    const diff = diffNestedGraphs(exampleDefinition(), edited());
    expect(diff).toHaveLength(1);
    const [body] = diff;
    expect(body?.path).toEqual([{ stepId: 'orders', field: 'body' }]);
    expect(body?.steps.changed.map((c) => [c.id, c.fields])).toEqual([['total', ['notes']]]);
    expect(body?.steps.added).toEqual([]);
    expect(body?.edges).toEqual({ added: [], removed: [] });
  });

  it('lists added and removed steps and edges inside a body', () => {
    const b = applyOperations(exampleDefinition(), [
      { type: 'removeStep', stepId: 'label' },
      {
        type: 'addStep',
        step: { id: 'tag', type: 'transform', config: { expression: '1' } },
        parent: 'orders',
      },
      { type: 'connect', edge: { from: 'total', to: 'tag' } },
    ]);
    const [body] = diffNestedGraphs(exampleDefinition(), b);
    expect(body?.steps.added.map((s) => s.id)).toEqual(['tag']);
    expect(body?.steps.removed.map((s) => s.id)).toEqual(['label']);
    expect(body?.edges.added).toEqual([{ from: 'total', to: 'tag' }]);
    expect(body?.edges.removed).toEqual([{ from: 'total', to: 'label' }]);
  });

  it('marks every step of a new forEach body as added, and is empty when no body changed', () => {
    const a: FlowDefinition = { schemaVersion: 1, steps: [], edges: [] };
    const [body] = diffNestedGraphs(a, exampleDefinition());
    expect(body?.steps.added.map((s) => s.id)).toEqual(['total', 'label']);
    expect(diffNestedGraphs(exampleDefinition(), exampleDefinition())).toEqual([]);
  });
});
