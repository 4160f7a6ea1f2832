import { describe, expect, it } from 'vitest';
import { exampleDefinition } from '../definition/example-definition.js';
import { expressionScopeOf } from './expression-scope.js';

describe('expressionScopeOf', () => {
  it('offers the upstream steps of a top-level step', () => {
    expect(expressionScopeOf(exampleDefinition(), 'notify')).toEqual({
      roots: ['input', 'steps', 'vars', 'secrets', 'run'],
      locals: [],
      steps: ['lookup', 'is_vip', 'orders'],
    });
  });

  it('offers body steps, the loop locals and the steps upstream of the loop inside a body', () => {
    expect(expressionScopeOf(exampleDefinition(), 'label')).toEqual({
      roots: ['input', 'steps', 'vars', 'secrets', 'run', 'item', 'index'],
      locals: ['item', 'index'],
      steps: ['total', 'lookup', 'is_vip'],
    });
  });

  it('offers every top-level step to the output template', () => {
    expect(expressionScopeOf(exampleDefinition()).steps).toHaveLength(5);
  });

  it('throws for an unknown step', () => {
    expect(() => expressionScopeOf(exampleDefinition(), 'ghost')).toThrow(/not found/);
  });
});
