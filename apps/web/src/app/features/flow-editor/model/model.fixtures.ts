import { stepTypeRegistry, type FlowDefinition, type FlowStep } from '@stepline/domain';
import type { StepTypeInfo } from './graph-view';

/** A step of `type` with its catalogue defaults. */
export const step = (id: string, type: string, extra: Partial<FlowStep> = {}): FlowStep => ({
  id,
  type,
  config: structuredClone(stepTypeRegistry.get(type)?.defaults ?? {}) as Record<string, unknown>,
  ...extra,
});

/** http → condition → (true) ok / (false) notify: the shape of the browser test's flow. */
export const branchingFlow = (): FlowDefinition => ({
  schemaVersion: 1,
  inputSchema: {
    type: 'object',
    properties: {
      email: { type: 'string' },
      order: { type: 'object', properties: { id: { type: 'string' } } },
    },
  },
  steps: [
    step('fetch', 'http', { position: { x: 0, y: 0 } }),
    step('check', 'condition', {
      config: { expression: 'steps.fetch.output.status = 200' },
      position: { x: 280, y: 0 },
    }),
    step('ok', 'transform', { position: { x: 560, y: -80 } }),
    step('notify', 'transform', { position: { x: 560, y: 80 } }),
  ],
  edges: [
    { from: 'fetch', to: 'check' },
    { from: 'check', to: 'ok', when: 'true' },
    { from: 'check', to: 'notify', when: 'false' },
  ],
});

export const typeInfo = (type: string): StepTypeInfo | undefined => {
  const definition = stepTypeRegistry.get(type);
  return definition ? { type, title: definition.title, category: definition.category } : undefined;
};
