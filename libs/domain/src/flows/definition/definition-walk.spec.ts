import { describe, expect, it } from 'vitest';
import { stepTypeRegistry } from '../../step-types/step-type.registry.js';
import { graphAtPath } from './definition-walk.js';
import type { FlowGraph } from './flow-definition.types.js';

const inner: FlowGraph = { steps: [{ id: 'leaf', type: 'transform', config: {} }], edges: [] };
const body: FlowGraph = {
  steps: [{ id: 'innerLoop', type: 'forEach', config: { items: 'item.lines', body: inner } }],
  edges: [],
};
const top: FlowGraph = {
  steps: [
    { id: 'loop', type: 'forEach', config: { items: 'input.orders', body } },
    { id: 'plain', type: 'transform', config: { body: inner } },
  ],
  edges: [],
};

describe('graphAtPath', () => {
  it('finds the top graph, a body and a body inside a body', () => {
    expect(graphAtPath(top, [], stepTypeRegistry)).toBe(top);
    expect(graphAtPath(top, [{ stepId: 'loop', field: 'body' }], stepTypeRegistry)).toBe(body);
    expect(
      graphAtPath(
        top,
        [
          { stepId: 'loop', field: 'body' },
          { stepId: 'innerLoop', field: 'body' },
        ],
        stepTypeRegistry,
      ),
    ).toBe(inner);
  });

  it('is undefined for a missing step or field, or a field the step type does not declare a graph', () => {
    expect(graphAtPath(top, [{ stepId: 'gone', field: 'body' }], stepTypeRegistry)).toBeUndefined();
    expect(graphAtPath(top, [{ stepId: 'loop', field: 'other' }], stepTypeRegistry)).toBeUndefined();
    expect(graphAtPath(top, [{ stepId: 'plain', field: 'body' }], stepTypeRegistry)).toBeUndefined();
  });
});
