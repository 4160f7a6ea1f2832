import { describe, expect, it } from 'vitest';
import { compileSchema } from '../flows/definition/json-schema.validator.js';
import { approvalStepType } from './approval.step-type.js';
import { conditionStepType } from './condition.step-type.js';
import { delayStepType } from './delay.step-type.js';
import { httpStepType } from './http.step-type.js';
import { CORE_STEP_TYPES, StepTypeRegistry, stepTypeRegistry } from './step-type.registry.js';
import { ERROR_PORT, type AnyStepTypeDefinition } from './step-type.types.js';
import { switchStepType } from './switch.step-type.js';
import { waitForEventStepType } from './wait-for-event.step-type.js';

const CORE_TYPES = [
  'http',
  'transform',
  'code',
  'condition',
  'switch',
  'forEach',
  'delay',
  'approval',
  'waitForEvent',
  'subflow',
  'respond',
  'setVariable',
  'fail',
];

describe('the core step-type catalogue', () => {
  it('holds the thirteen core types of the spec', () => {
    expect(stepTypeRegistry.list().map((d) => d.type)).toEqual(CORE_TYPES);
  });

  it.each(CORE_STEP_TYPES.map((d) => [d.type, d] as const))(
    '%s: its config schema compiles',
    (_, definition) => {
      expect(() => compileSchema(definition.configSchema)).not.toThrow();
    },
  );

  it.each(CORE_STEP_TYPES.map((d) => [d.type, d] as const))(
    '%s: its defaults validate against its own schema and its own checks',
    (_, definition: AnyStepTypeDefinition) => {
      const validate = compileSchema(definition.configSchema);
      expect(validate(definition.defaults), JSON.stringify(validate.errors)).toBe(true);
      expect(definition.checkConfig?.(definition.defaults) ?? []).toEqual([]);
    },
  );

  it.each(CORE_STEP_TYPES.map((d) => [d.type, d] as const))(
    '%s: its default ports never claim "error"',
    (_, definition) => {
      expect(definition.outputPorts(definition.defaults)).not.toContain(ERROR_PORT);
    },
  );

  it('looks types up by name and lists them by category', () => {
    expect(stepTypeRegistry.get('http')).toBe(httpStepType);
    expect(stepTypeRegistry.get('nope')).toBeUndefined();
    expect(stepTypeRegistry.has('fail')).toBe(true);
    expect(stepTypeRegistry.byCategory('human').map((d) => d.type)).toEqual(['approval']);
    expect(() => stepTypeRegistry.require('nope')).toThrow(/Unknown step type/);
  });

  it('accepts an extra type without touching the catalogue, and refuses a type twice', () => {
    const llm = { ...conditionStepType, type: 'llm', category: 'integration' } as AnyStepTypeDefinition;
    expect(stepTypeRegistry.with(llm).get('llm')).toBe(llm);
    expect(stepTypeRegistry.has('llm')).toBe(false);
    expect(() => new StepTypeRegistry([llm, llm])).toThrow(/twice/);
  });
});

describe('step-type ports', () => {
  it('condition emits true and false', () => {
    expect(conditionStepType.outputPorts({ expression: 'true' })).toEqual(['true', 'false']);
  });

  it('switch emits its case names and default', () => {
    expect(
      switchStepType.outputPorts({
        expression: 'x',
        cases: [
          { name: 'gold', value: 1 },
          { name: 'silver', value: 2 },
        ],
      }),
    ).toEqual(['gold', 'silver', 'default']);
  });

  it('approval emits its options, or approved / rejected, plus timeout when it can time out without a default', () => {
    expect(approvalStepType.outputPorts({})).toEqual(['approved', 'rejected']);
    expect(approvalStepType.outputPorts({ options: ['yes', 'no', 'later'] })).toEqual(['yes', 'no', 'later']);
    expect(approvalStepType.outputPorts({ timeoutMs: 60_000 })).toEqual(['approved', 'rejected', 'timeout']);
    expect(approvalStepType.outputPorts({ timeoutMs: 60_000, defaultOutcome: 'rejected' })).toEqual([
      'approved',
      'rejected',
    ]);
  });

  it('waitForEvent emits received or timeout only when it has a timeout', () => {
    expect(waitForEventStepType.outputPorts({ event: 'e' })).toEqual([]);
    expect(waitForEventStepType.outputPorts({ event: 'e', timeoutMs: 5_000 })).toEqual([
      'received',
      'timeout',
    ]);
  });
});

describe('step-type semantic checks', () => {
  it('switch refuses duplicate and reserved case names', () => {
    const cases = [
      { name: 'a', value: 1 },
      { name: 'a', value: 2 },
      { name: 'default', value: 3 },
    ];
    expect(switchStepType.checkConfig?.({ expression: 'x', cases }).map((p) => [p.path, p.code])).toEqual([
      ['/cases/1/name', 'config.duplicate_name'],
      ['/cases/2/name', 'config.reserved_name'],
    ]);
  });

  it('approval needs its default outcome among the options and a timeout', () => {
    expect(approvalStepType.checkConfig?.({ defaultOutcome: 'maybe' }).map((p) => p.code)).toEqual([
      'config.unknown_option',
      'config.requires_timeout',
    ]);
  });

  it('delay needs a parsable date unless it is a template', () => {
    expect(delayStepType.checkConfig?.({ mode: 'until', until: 'tomorrow' })).toHaveLength(1);
    expect(delayStepType.checkConfig?.({ mode: 'until', until: '2030-01-01T00:00:00Z' })).toEqual([]);
    expect(delayStepType.checkConfig?.({ mode: 'until', until: '{{ input.at }}' })).toEqual([]);
  });

  it('http refuses a body on GET', () => {
    expect(httpStepType.checkConfig?.({ method: 'GET', url: 'https://x', body: {} })[0]?.code).toBe(
      'config.body_not_allowed',
    );
  });
});
