import { exampleDefinition } from '../definition/example-definition.js';
import { emptyDefinition } from '../definition/flow-definition.types.js';
import { describe, expect, it } from 'vitest';
import { draftShapeProblems, operationProblems } from './draft-shape.js';

const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

describe('draft shape', () => {
  it('accepts empty, example and semantically invalid drafts alike', () => {
    expect(draftShapeProblems(emptyDefinition())).toEqual([]);
    expect(draftShapeProblems(exampleDefinition())).toEqual([]);
    const invalid = {
      schemaVersion: 1,
      steps: [{ id: 'a', type: 'nope', config: {} }],
      edges: [{ from: 'a', to: 'b' }],
    };
    expect(draftShapeProblems(invalid)).toEqual([]);
  });

  it('refuses what no editor or operation could walk, with paths under the body field', () => {
    expect(paths(draftShapeProblems([]))).toEqual(['/definition']);
    expect(paths(draftShapeProblems({ steps: {}, edges: [null] }))).toEqual([
      '/definition/schemaVersion',
      '/definition/steps',
      '/definition/edges/0',
    ]);
    expect(
      paths(draftShapeProblems({ schemaVersion: 1, steps: [{ id: 'a', type: 'http' }], edges: [] }, '')),
    ).toEqual(['/steps/0']);
  });

  it('looks into nested bodies that are graphs', () => {
    const def = exampleDefinition();
    const orders = def.steps.find((s) => s.id === 'orders')!;
    (orders.config as any).body.steps.push(42);
    expect(paths(draftShapeProblems(def))).toEqual(['/definition/steps/2/config/body/steps/2']);
  });
});

describe('operation shape', () => {
  it('accepts well-formed operations of every type', () => {
    const ops = [
      { type: 'addStep', step: { id: 'a', type: 'transform', config: {} } },
      { type: 'addStep', step: { id: 'b', type: 'transform', config: {} }, parent: 'loop' },
      { type: 'removeStep', stepId: 'a' },
      { type: 'updateStep', stepId: 'a', changes: { name: null } },
      { type: 'renameStep', stepId: 'a', newId: 'b' },
      { type: 'moveStep', stepId: 'a', position: { x: 1, y: 2 } },
      { type: 'connect', edge: { from: 'a', to: 'b', when: 'true' } },
      { type: 'disconnect', edge: { from: 'a', to: 'b' } },
      { type: 'setOutput' },
      { type: 'setOutput', output: '{{ steps.a.output }}' },
      { type: 'setInputSchema', inputSchema: { type: 'object' } },
      { type: 'updateSettings', settings: { timeoutMs: null } },
    ];
    expect(operationProblems(ops)).toEqual([]);
  });

  it('names unknown types, missing, mistyped and unknown fields by path', () => {
    const problems = operationProblems([
      'x',
      { type: 'explode' },
      { type: 'toString' },
      { type: 'moveStep', stepId: 'a', position: { x: '1', y: 2 } },
      { type: 'removeStep' },
      { type: 'connect', edge: { from: 'a', to: 'b' }, force: true },
    ]);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['/operations/0', 'field.isObject'],
      ['/operations/1/type', 'field.isIn'],
      ['/operations/2/type', 'field.isIn'],
      ['/operations/3/position', 'field.invalid'],
      ['/operations/4/stepId', 'field.required'],
      ['/operations/5/force', 'field.unknown'],
    ]);
  });
});
