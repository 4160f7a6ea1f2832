import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/index.js';
import { conditionStepType } from '../../step-types/condition.step-type.js';
import { stepTypeRegistry } from '../../step-types/step-type.registry.js';
import { definition, problemsOf, transform } from '../../testing/definition-builders.js';
import { exampleDefinition } from '../definition/example-definition.js';
import { assertValidDefinition, validateDefinition } from './validate-definition.js';

describe('validateDefinition: shape', () => {
  it('accepts the example definition of the spec', () => {
    expect(validateDefinition(exampleDefinition())).toEqual({ ok: true, problems: [] });
  });

  it('rejects something that is not a definition at all', () => {
    expect(problemsOf(42)).toEqual([['', 'schema.type']]);
    expect(problemsOf({ schemaVersion: 1 })).toEqual([
      ['/steps', 'schema.required'],
      ['/edges', 'schema.required'],
    ]);
  });

  it('rejects an unknown schema version and unknown properties, pointing at them', () => {
    expect(
      problemsOf(
        definition([transform('a', 'input', { colour: 'red' })], [], { schemaVersion: 2, extra: 1 }),
      ),
    ).toEqual([
      ['/extra', 'schema.unknown_property'],
      ['/schemaVersion', 'schema.const'],
      ['/steps/0/colour', 'schema.unknown_property'],
    ]);
  });

  it('checks the common step fields: retry bounds, onError, position, timeout', () => {
    const step = transform('a', 'input', {
      retry: { maxAttempts: 11, backoff: 'linear' },
      onError: 'ignore',
      position: { x: 1 },
      timeoutMs: 0,
    });
    expect(problemsOf(definition([step]))).toEqual([
      ['/steps/0/retry/maxAttempts', 'schema.maximum'],
      ['/steps/0/retry/backoff', 'schema.enum'],
      ['/steps/0/timeoutMs', 'schema.minimum'],
      ['/steps/0/onError', 'schema.enum'],
      ['/steps/0/position/y', 'schema.required'],
    ]);
  });

  it('rejects a retry whose maximum delay is below its initial delay', () => {
    const step = transform('a', 'input', { retry: { maxAttempts: 2, initialDelayMs: 1000, maxDelayMs: 10 } });
    expect(problemsOf(definition([step]))).toEqual([['/steps/0/retry/maxDelayMs', 'step.invalid_retry']]);
  });

  it('checks settings and that inputSchema is a JSON Schema', () => {
    expect(
      problemsOf(
        definition([], [], { settings: { maxConcurrency: 0, other: 1 }, inputSchema: { type: 'thing' } }),
      ),
    ).toEqual([
      ['/settings/other', 'schema.unknown_property'],
      ['/settings/maxConcurrency', 'schema.minimum'],
      ['/inputSchema', 'input_schema.invalid'],
    ]);
    expect(
      validateDefinition(
        definition([], [], { settings: { timeoutMs: 5_000 }, inputSchema: { type: 'object' } }),
      ).ok,
    ).toBe(true);
  });
});

describe('validateDefinition: steps', () => {
  it('rejects malformed ids', () => {
    expect(problemsOf(definition([transform('Lookup'), transform('9a'), transform('ok_1')]))).toEqual([
      ['/steps/0/id', 'step.invalid_id'],
      ['/steps/1/id', 'step.invalid_id'],
    ]);
  });

  it('rejects duplicate ids, across nested bodies too', () => {
    const loop = {
      id: 'loop',
      type: 'forEach',
      config: { items: 'input.x', body: { steps: [transform('a')], edges: [] } },
    };
    expect(problemsOf(definition([transform('a'), transform('a'), loop]))).toEqual([
      ['/steps/1/id', 'step.duplicate_id'],
      ['/steps/2/config/body/steps/0/id', 'step.duplicate_id'],
    ]);
  });

  it('rejects unknown step types', () => {
    expect(problemsOf(definition([{ id: 'a', type: 'teleport', config: {} }]))).toEqual([
      ['/steps/0/type', 'step.unknown_type'],
    ]);
  });

  it('checks each config against its type schema, with paths under the config', () => {
    const http = {
      id: 'call',
      type: 'http',
      config: { method: 'FETCH', headers: { 'bad header': 'x' }, extra: true },
    };
    expect(problemsOf(definition([http]))).toEqual([
      ['/steps/0/config/url', 'config.required'],
      ['/steps/0/config/extra', 'config.unknown_property'],
      ['/steps/0/config/method', 'config.enum'],
      ['/steps/0/config/headers/bad header', 'config.pattern'],
    ]);
  });

  it("runs a type's own checks once its schema passes", () => {
    const step = {
      id: 'route',
      type: 'switch',
      config: {
        expression: 'input.kind',
        cases: [
          { name: 'a', value: 1 },
          { name: 'a', value: 2 },
        ],
      },
    };
    expect(problemsOf(definition([step]))).toEqual([
      ['/steps/0/config/cases/1/name', 'config.duplicate_name'],
    ]);
  });

  it('validates a forEach body recursively, shape included', () => {
    const body = { steps: [{ id: 'x', type: 'transform', config: {} }, { id: 'y' }], edges: [{ from: 'x' }] };
    expect(
      problemsOf(definition([{ id: 'loop', type: 'forEach', config: { items: 'input.items', body } }])),
    ).toEqual([
      ['/steps/0/config/body/steps/1/type', 'schema.required'],
      ['/steps/0/config/body/steps/1/config', 'schema.required'],
      ['/steps/0/config/body/edges/0/to', 'schema.required'],
      ['/steps/0/config/body/steps/0/config/expression', 'config.required'],
    ]);
  });
});

describe('validateDefinition: the whole picture', () => {
  it('returns every problem at once', () => {
    const steps = [
      transform('Bad'),
      { id: 'x', type: 'nope', config: {} },
      transform('y', 'steps.zz.output'),
    ];
    expect(problemsOf(definition(steps, [{ from: 'y', to: 'q' }])).map(([, code]) => code)).toEqual([
      'step.invalid_id',
      'step.unknown_type',
      'edge.unknown_step',
      'expression.unknown_step',
    ]);
  });

  it('assertValidDefinition throws flow.invalid_definition carrying the problems', () => {
    try {
      assertValidDefinition(definition([transform('Bad')]));
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && [error.code, error.problems.map((p) => p.code)]).toEqual([
        'flow.invalid_definition',
        ['step.invalid_id'],
      ]);
    }
    expect(assertValidDefinition(exampleDefinition())).toEqual(exampleDefinition());
  });

  it('validates against another registry when given one', () => {
    const registry = stepTypeRegistry.with({ ...conditionStepType, type: 'llm' });
    const def = definition([{ id: 'a', type: 'llm', config: { expression: 'true' } }]);
    expect(validateDefinition(def).ok).toBe(false);
    expect(validateDefinition(def, { registry }).ok).toBe(true);
  });
});
