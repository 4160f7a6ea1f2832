import { validateDefinition, type FlowDefinition } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { branchingFlow, step } from './model.fixtures';
import { placeProblems, problemsByStep } from './problem-locator';

describe('placeProblems', () => {
  it('puts a config problem on its step with the field it is about', () => {
    const def = branchingFlow();
    def.steps[0] = { ...def.steps[0]!, config: { method: 'GET' } };
    const placed = placeProblems(def, validateDefinition(def).problems);
    const onFetch = problemsByStep(placed).get('fetch') ?? [];
    expect(onFetch.length).toBeGreaterThan(0);
    expect(onFetch[0]).toMatchObject({ stepId: 'fetch' });
  });

  it('puts an edge problem on the edge and its source step', () => {
    const def: FlowDefinition = {
      ...branchingFlow(),
      edges: [...branchingFlow().edges, { from: 'check', to: 'fetch', when: 'maybe' }],
    };
    const placed = placeProblems(def, [
      { path: '/edges/3/when', code: 'edge.invalid_port', message: 'bad port' },
    ]);
    expect(placed[0]).toMatchObject({ stepId: 'check', connectionId: 'e|check|fetch|maybe' });
  });

  it('finds steps inside a forEach body and keeps definition-level problems unplaced', () => {
    const loop = step('loop', 'forEach', {
      config: { items: 'input.items', body: { steps: [step('inner', 'transform')], edges: [] } },
    });
    const def: FlowDefinition = { schemaVersion: 1, steps: [loop], edges: [] };
    const placed = placeProblems(def, [
      { path: '/steps/0/config/body/steps/0/config/expression', code: 'x', message: 'inner problem' },
      { path: '/inputSchema', code: 'input_schema.invalid', message: 'bad schema' },
      { path: '/steps/9/name', code: 'gone', message: 'a step since removed' },
    ]);
    expect(placed[0]).toMatchObject({ stepId: 'inner', field: '/config/expression' });
    expect(placed[1]?.stepId).toBeUndefined();
    expect(placed[2]?.stepId).toBeUndefined();
  });
});
