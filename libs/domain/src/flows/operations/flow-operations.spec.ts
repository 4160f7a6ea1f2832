import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/index.js';
import { exampleDefinition } from '../definition/example-definition.js';
import type { FlowDefinition, FlowGraph, FlowStep } from '../definition/flow-definition.types.js';
import { applyOperation, applyOperations, type FlowOperation } from './flow-operations.js';
import { validateDefinition } from '../validation/validate-definition.js';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

/** The example, frozen: any mutation by an operation throws. */
const example = (): FlowDefinition => deepFreeze(exampleDefinition());
const transform = (id: string, expression = 'input'): FlowStep => ({
  id,
  type: 'transform',
  config: { expression },
});
const body = (def: FlowDefinition): FlowGraph =>
  def.steps.find((s) => s.id === 'orders')?.config['body'] as FlowGraph;
const stepOf = (def: FlowDefinition, id: string) => def.steps.find((s) => s.id === id);

const codeOf = (def: FlowDefinition, op: FlowOperation): string | undefined => {
  try {
    applyOperation(def, op);
    return undefined;
  } catch (error) {
    return isAppError(error) ? `${error.code} ${error.problems[0]?.code}` : String(error);
  }
};

describe('applyOperation', () => {
  it('addStep appends a step, at the top or inside a forEach body', () => {
    const top = applyOperation(example(), { type: 'addStep', step: transform('extra') });
    expect(top.steps.map((s) => s.id)).toContain('extra');
    const nested = applyOperation(example(), {
      type: 'addStep',
      step: transform('tax', 'item.price * 0.2'),
      parent: 'orders',
    });
    expect(body(nested).steps.map((s) => s.id)).toEqual(['total', 'label', 'tax']);
    expect(validateDefinition(nested).ok).toBe(true);
  });

  it('addStep refuses a taken or malformed id and a parent without a body', () => {
    expect(codeOf(example(), { type: 'addStep', step: transform('total') })).toBe(
      'validation.failed operation.duplicate_id',
    );
    expect(codeOf(example(), { type: 'addStep', step: transform('Nope') })).toBe(
      'validation.failed operation.invalid_id',
    );
    expect(codeOf(example(), { type: 'addStep', step: transform('x'), parent: 'lookup' })).toBe(
      'validation.failed operation.not_a_container',
    );
  });

  it('removeStep removes the step and its edges', () => {
    const def = applyOperation(example(), { type: 'removeStep', stepId: 'notify_failed' });
    expect(stepOf(def, 'notify_failed')).toBeUndefined();
    expect(def.edges.some((e) => e.to === 'notify_failed')).toBe(false);
    expect(validateDefinition(def).ok).toBe(true);
    const inner = applyOperation(example(), { type: 'removeStep', stepId: 'label' });
    expect(body(inner).edges).toEqual([]);
  });

  it('removeStep refuses an unknown step', () => {
    expect(codeOf(example(), { type: 'removeStep', stepId: 'ghost' })).toBe(
      'validation.failed operation.unknown_step',
    );
  });

  it('updateStep changes the given fields, replaces config and removes fields set to null', () => {
    const def = applyOperation(example(), {
      type: 'updateStep',
      stepId: 'lookup',
      changes: {
        name: 'Find customer',
        config: { method: 'GET', url: 'https://crm2/{{ input.email }}' },
        retry: null,
      },
    });
    const step = stepOf(def, 'lookup');
    expect(step).toMatchObject({
      name: 'Find customer',
      config: { url: 'https://crm2/{{ input.email }}' },
      timeoutMs: 10_000,
    });
    expect(step && 'retry' in step).toBe(false);
  });

  it('updateStep reaches steps inside bodies', () => {
    const def = applyOperation(example(), {
      type: 'updateStep',
      stepId: 'total',
      changes: { notes: 'per line' },
    });
    expect(body(def).steps[0]?.notes).toBe('per line');
  });

  it('renameStep renames the step, its edges and the references to it everywhere', () => {
    const def = applyOperation(example(), { type: 'renameStep', stepId: 'lookup', newId: 'customer' });
    expect(stepOf(def, 'customer')).toBeDefined();
    expect(def.edges[0]).toEqual({ from: 'customer', to: 'is_vip' });
    expect(stepOf(def, 'is_vip')?.config['expression']).toBe("steps.customer.output.body.tier = 'vip'");
    expect(stepOf(def, 'orders')?.config['items']).toBe('steps.customer.output.body.orders');
    expect((stepOf(def, 'notify')?.config['body'] as Record<string, string>)['text']).toBe(
      'VIP {{ steps.customer.output.body.name }}',
    );
    expect(validateDefinition(def)).toEqual({ ok: true, problems: [] });
  });

  it('renameStep inside a body updates the body edges and output', () => {
    const def = applyOperation(example(), { type: 'renameStep', stepId: 'label', newId: 'line' });
    expect(body(def).edges).toEqual([{ from: 'total', to: 'line' }]);
    expect(body(def).output).toBe('{{ steps.line.output }}');
    expect(validateDefinition(def).ok).toBe(true);
  });

  it('renameStep refuses a taken id', () => {
    expect(codeOf(example(), { type: 'renameStep', stepId: 'lookup', newId: 'notify' })).toBe(
      'validation.failed operation.duplicate_id',
    );
  });

  it('moveStep sets the position', () => {
    const def = applyOperation(example(), { type: 'moveStep', stepId: 'is_vip', position: { x: 5, y: 6 } });
    expect(stepOf(def, 'is_vip')?.position).toEqual({ x: 5, y: 6 });
  });

  it('connect adds an edge and refuses a duplicate or an edge across graphs', () => {
    const def = applyOperation(example(), {
      type: 'connect',
      edge: { from: 'is_vip', to: 'notify', when: 'false' },
    });
    expect(def.edges).toContainEqual({ from: 'is_vip', to: 'notify', when: 'false' });
    expect(validateDefinition(def).ok).toBe(true);
    expect(codeOf(example(), { type: 'connect', edge: { from: 'lookup', to: 'is_vip' } })).toBe(
      'validation.failed operation.duplicate_edge',
    );
    expect(codeOf(example(), { type: 'connect', edge: { from: 'lookup', to: 'total' } })).toBe(
      'validation.failed operation.cross_graph_edge',
    );
  });

  it('disconnect removes exactly the matching edge', () => {
    const def = applyOperation(example(), {
      type: 'disconnect',
      edge: { from: 'notify', to: 'notify_failed', when: 'error' },
    });
    expect(def.edges).toHaveLength(3);
    expect(codeOf(example(), { type: 'disconnect', edge: { from: 'notify', to: 'notify_failed' } })).toBe(
      'validation.failed operation.unknown_edge',
    );
  });

  it('setOutput and setInputSchema set or remove the field', () => {
    expect(applyOperation(example(), { type: 'setOutput', output: { ok: true } }).output).toEqual({
      ok: true,
    });
    expect('output' in applyOperation(example(), { type: 'setOutput' })).toBe(false);
    expect(
      applyOperation(example(), { type: 'setInputSchema', inputSchema: { type: 'object' } }).inputSchema,
    ).toEqual({ type: 'object' });
    expect('inputSchema' in applyOperation(example(), { type: 'setInputSchema' })).toBe(false);
  });

  it('updateSettings merges keys, removes null ones and drops an empty object', () => {
    expect(
      applyOperation(example(), { type: 'updateSettings', settings: { maxConcurrency: 8 } }).settings,
    ).toEqual({
      timeoutMs: 60_000,
      maxConcurrency: 8,
    });
    const cleared = applyOperation(example(), {
      type: 'updateSettings',
      settings: { timeoutMs: null, maxConcurrency: null },
    });
    expect('settings' in cleared).toBe(false);
  });

  it('never mutates its input and shares untouched parts', () => {
    const before = example();
    const after = applyOperations(before, [
      { type: 'moveStep', stepId: 'lookup', position: { x: 0, y: 0 } },
      { type: 'renameStep', stepId: 'total', newId: 'sum' },
    ]);
    expect(before).toEqual(exampleDefinition());
    expect(after.steps[4]).toBe(before.steps[4]);
  });
});
