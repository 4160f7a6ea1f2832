import { CORE_STEP_TYPES, validateDefinition, type FlowStep } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { DEMO_FLOWS } from './demo-flows.js';

const fakeIds = (name: string) => `00000000-0000-4000-8000-${name.length.toString().padStart(12, '0')}`;

const stepsOf = (steps: FlowStep[]): FlowStep[] =>
  steps.flatMap((step) => {
    const body = (step.config as { body?: { steps?: FlowStep[] } }).body;
    return [step, ...(step.type === 'forEach' && body?.steps ? stepsOf(body.steps) : [])];
  });

describe('demo flows', () => {
  it.each(DEMO_FLOWS.map((flow) => [flow.name, flow] as const))('"%s" is a valid definition', (_, flow) => {
    expect(validateDefinition(flow.definition(fakeIds)).problems).toEqual([]);
  });

  it('use every core step type between them', () => {
    const used = new Set(
      DEMO_FLOWS.flatMap((flow) => stepsOf(flow.definition(fakeIds).steps).map((s) => s.type)),
    );
    expect([...used].sort()).toEqual(CORE_STEP_TYPES.map((t) => t.type).sort());
  });

  it('seed a subflow target before the flow that starts it', () => {
    const seeded: string[] = [];
    for (const flow of DEMO_FLOWS) {
      flow.definition((name) => {
        expect(seeded).toContain(name);
        return fakeIds(name);
      });
      seeded.push(flow.name);
    }
  });

  it('have distinct names (seeding is idempotent by name)', () => {
    expect(new Set(DEMO_FLOWS.map((f) => f.name)).size).toBe(DEMO_FLOWS.length);
  });
});
