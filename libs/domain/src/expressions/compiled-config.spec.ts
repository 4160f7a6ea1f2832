import { describe, expect, it } from 'vitest';
import { StepFailure } from '../runs/step-failure.js';
import { conditionStepType } from '../step-types/condition.step-type.js';
import { httpStepType } from '../step-types/http.step-type.js';
import type { AnyStepTypeDefinition } from '../step-types/step-type.types.js';
import { CompiledValue, compileStepConfig } from './compiled-config.js';
import { compileDefinitionExpressions } from './compiled-definition.js';
import type { EvaluationContext } from './evaluation.types.js';

const ctx: EvaluationContext = {
  input: { email: 'ada@example.com', id: 42, tags: ['a', 'b'] },
  steps: { lookup: { output: { body: { tier: 'vip', orders: [{ total: 3 }, { total: 4 }] } } } },
  vars: {},
  secrets: { TOKEN: 't0k' },
  run: {
    id: 'run_1',
    flowId: 'flow_1',
    version: 'draft',
    startedAt: '2026-12-01T00:00:00.000Z',
    trigger: 'editor',
  },
};

const http = httpStepType as AnyStepTypeDefinition;
const condition = conditionStepType as AnyStepTypeDefinition;

const rejection = async (promise: Promise<unknown>): Promise<StepFailure> => {
  const failure: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(StepFailure);
  return failure as StepFailure;
};

describe('compileStepConfig', () => {
  it('renders every template string of template fields, typed when a string is one template', async () => {
    const config = {
      method: 'POST',
      url: 'https://api.example.com/users/{{ input.id }}?tier={{ steps.lookup.output.body.tier }}',
      headers: { Authorization: 'Bearer {{ secrets.TOKEN }}', Accept: 'application/json' },
      body: {
        id: '{{ input.id }}',
        tags: '{{ input.tags }}',
        nested: [{ total: '{{ $sum(steps.lookup.output.body.orders.total) }}' }, 'literal', 7],
        text: 'run {{ run.id }} on {{ run.version }}',
      },
    };
    const resolved = await compileStepConfig(http, config).resolve(ctx);
    expect(resolved).toEqual({
      method: 'POST',
      url: 'https://api.example.com/users/42?tier=vip',
      headers: { Authorization: 'Bearer t0k', Accept: 'application/json' },
      body: { id: 42, tags: ['a', 'b'], nested: [{ total: 7 }, 'literal', 7], text: 'run run_1 on draft' },
    });
    // The definition is left as it was.
    expect(config.body.id).toBe('{{ input.id }}');
  });

  it('replaces an expression field by its value', async () => {
    const compiled = compileStepConfig(condition, { expression: "steps.lookup.output.body.tier = 'vip'" });
    expect(await compiled.resolve(ctx)).toEqual({ expression: true });
  });

  it('returns a config without expressions as it is, and fast-path-only configs synchronously', () => {
    const config = { method: 'GET', url: 'https://example.com', headers: {} };
    const plain = compileStepConfig(http, config);
    expect(plain.hasExpressions).toBe(false);
    expect(plain.run(ctx)).toBe(config);
    const fast = compileStepConfig(http, { method: 'GET', url: 'https://x.test/{{ input.id }}' });
    expect(fast.run(ctx)).toEqual({ method: 'GET', url: 'https://x.test/42' });
  });

  it('keeps a "__proto__" key of a template object as a key', async () => {
    const body = JSON.parse('{"__proto__": {"x": "{{ input.id }}"}}') as Record<string, unknown>;
    const resolved = await compileStepConfig(http, { method: 'POST', url: 'https://x.test', body }).resolve(
      ctx,
    );
    const resolvedBody = resolved['body'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(resolvedBody)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(resolvedBody, '__proto__')?.value).toEqual({ x: 42 });
  });

  it('fails with the field pointer and the offset of the failing expression', async () => {
    const compiled = compileStepConfig(http, {
      method: 'POST',
      url: 'https://x.test',
      headers: { 'X/Id': 'id={{ input.email * 2 }}' },
    });
    const failure = await rejection(compiled.resolve(ctx));
    expect(failure.code).toBe('expression.failed');
    expect(failure.detail).toMatchObject({ field: '/headers/X~1Id', offset: 5, jsonataCode: 'T2001' });
  });

  it('compiles a field that does not parse and fails when it is resolved', async () => {
    const compiled = compileStepConfig(condition, { expression: 'input.(' });
    const failure = await rejection(compiled.resolve(ctx));
    expect(failure.code).toBe('expression.failed');
    expect(failure.detail).toMatchObject({ field: '/expression', jsonataCode: 'S0203' });
  });

  it('passes the time bound down to each evaluation', async () => {
    const compiled = compileStepConfig(condition, { expression: '($f := function(){ $f() }; $f())' });
    expect((await rejection(compiled.resolve(ctx, { timeoutMs: 20 }))).code).toBe('expression.timeout');
  });
});

describe('CompiledValue', () => {
  it('returns values without templates as they are', async () => {
    const value = { a: [1, 'two', { three: null }] };
    const compiled = CompiledValue.compile(value);
    expect(compiled.hasExpressions).toBe(false);
    expect(await compiled.render(ctx)).toBe(value);
  });
});

describe('compileDefinitionExpressions', () => {
  const definition = {
    steps: [
      { id: 'lookup', type: 'http', config: { method: 'GET', url: 'https://crm.test/{{ input.email }}' } },
      {
        id: 'orders',
        type: 'forEach',
        config: {
          items: 'steps.lookup.output.body.orders',
          concurrency: 1,
          body: {
            steps: [
              {
                id: 'label',
                type: 'setVariable',
                config: { name: 'label', value: '#{{ index }}: {{ item.total }}' },
              },
            ],
            edges: [],
            output: '{{ steps.label.output }}',
          },
        },
      },
      { id: 'custom', type: 'notInTheCatalogue', config: { text: '{{ input.id }}' } },
    ],
    edges: [],
    output: { tier: '{{ steps.lookup.output.body.tier }}', fixed: 1 },
  };

  it('compiles every step, nested bodies included, and the output templates', async () => {
    const compiled = compileDefinitionExpressions(definition);
    expect([...compiled.steps.keys()]).toEqual(['lookup', 'orders', 'label', 'custom']);
    expect(await compiled.config('lookup').resolve(ctx)).toMatchObject({
      url: 'https://crm.test/ada@example.com',
    });
    const orders = await compiled.config('orders').resolve(ctx);
    expect(orders['items']).toEqual([{ total: 3 }, { total: 4 }]);
    expect(await compiled.config('label').resolve({ ...ctx, item: { total: 3 }, index: 0 })).toEqual({
      name: 'label',
      value: '#0: 3',
    });
    expect(await compiled.output?.render(ctx)).toEqual({ tier: 'vip', fixed: 1 });
    const bodyOutput = compiled.nestedOutputs.get('orders.body');
    expect(await bodyOutput?.render({ ...ctx, steps: { label: { output: 'x' } } })).toBe('x');
  });

  it('keeps the config of an unknown step type literally', async () => {
    const compiled = compileDefinitionExpressions(definition);
    expect(await compiled.config('custom').resolve(ctx)).toEqual({ text: '{{ input.id }}' });
    expect(() => compiled.config('nope')).toThrow(/nope/);
  });

  it('has no output template when the definition has none', () => {
    expect(compileDefinitionExpressions({ steps: [] }).output).toBeUndefined();
  });
});
