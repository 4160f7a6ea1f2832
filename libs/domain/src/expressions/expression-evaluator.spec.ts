import { describe, expect, it } from 'vitest';
import { StepFailure } from '../runs/step-failure.js';
import { CompiledExpression } from './compiled-expression.js';
import type { EvaluationContext } from './evaluation.types.js';
import { evaluateExpression, renderTemplate } from './expression-evaluator.js';

const context = (overrides: Partial<EvaluationContext> = {}): EvaluationContext => ({
  input: { email: 'ada@example.com', n: 3, items: [{ price: 2 }, { price: 5 }] },
  steps: { lookup: { output: { body: { tier: 'vip', orders: [1, 2, 3] } }, status: 'succeeded' } },
  vars: { greeting: 'hi' },
  secrets: { TOKEN: 's3cret' },
  run: { id: 'run_1', flowId: 'flow_1', version: 2, startedAt: '2026-12-01T00:00:00.000Z', trigger: 'api' },
  ...overrides,
});

const failureOf = async (promise: Promise<unknown>): Promise<StepFailure> => {
  try {
    await promise;
  } catch (failure) {
    expect(failure).toBeInstanceOf(StepFailure);
    return failure as StepFailure;
  }
  throw new Error('expected the evaluation to fail');
};

describe('evaluateExpression', () => {
  it('reads every root of the context as a path', async () => {
    const ctx = context({ item: { sku: 'A' }, index: 4 });
    expect(await evaluateExpression('input.email', ctx)).toBe('ada@example.com');
    expect(await evaluateExpression('steps.lookup.output.body.tier', ctx)).toBe('vip');
    expect(await evaluateExpression('steps.lookup.status', ctx)).toBe('succeeded');
    expect(await evaluateExpression('vars.greeting & " " & run.id', ctx)).toBe('hi run_1');
    expect(await evaluateExpression('secrets.TOKEN', ctx)).toBe('s3cret');
    expect(await evaluateExpression('item.sku & index', ctx)).toBe('A4');
    expect(await evaluateExpression('$sum(input.items.price)', ctx)).toBe(7);
    expect(await evaluateExpression('$count(steps.lookup.output.body.orders)', ctx)).toBe(3);
    expect(await evaluateExpression('input.missing.deeper', ctx)).toBeUndefined();
  });

  it('returns plain arrays, never JSONata sequences', async () => {
    const prices = await evaluateExpression('input.items.price', context());
    expect(prices).toEqual([2, 5]);
    expect(Object.keys(prices as object)).toEqual(['0', '1']);
    expect('sequence' in (prices as object)).toBe(false);
    const kept = await evaluateExpression('input.items[0].price[]', context());
    expect('keepSingleton' in (kept as object)).toBe(false);
  });

  it('stops an infinite loop at the time bound with expression.timeout', async () => {
    const failure = await failureOf(
      evaluateExpression('($f := function($x){ $f($x) }; $f(1))', context(), { timeoutMs: 50 }),
    );
    expect(failure.code).toBe('expression.timeout');
    expect(failure.detail).toMatchObject({ jsonataCode: 'D1012' });
    expect(failure.retryable).toBe(false);
  });

  it('stops runaway recursion at the depth bound with expression.too_deep', async () => {
    const failure = await failureOf(
      evaluateExpression('($f := function($x){ 1 + $f($x) }; $f(1))', context(), { maxDepth: 50 }),
    );
    expect(failure.code).toBe('expression.too_deep');
    expect(failure.detail).toMatchObject({ jsonataCode: 'D1011' });
  });

  it('counts depth through $eval too', async () => {
    const failure = await failureOf(
      evaluateExpression('$eval("($f := function($x){ 1 + $f($x) }; $f(1))")', context(), { maxDepth: 50 }),
    );
    expect(failure.code).toBe('expression.too_deep');
  });

  it('allows legitimate recursion below the depth bound', async () => {
    const source = '($fact := function($n){ $n <= 1 ? 1 : $n * $fact($n - 1) }; $fact(20))';
    expect(await evaluateExpression(source, context(), { maxDepth: 50 })).toBe(2432902008176640000);
  });

  it('does not mistake a large array or object constructor (evaluated in parallel) for depth', async () => {
    const items = Array.from({ length: 1500 }, (_, i) => `{"a": ${i} + 1}`).join(',');
    const result = await evaluateExpression(`[${items}]`, context(), { maxDepth: 100 });
    expect(result).toHaveLength(1500);
  });

  it('refuses a huge range with expression.failed (D2015)', async () => {
    const failure = await failureOf(evaluateExpression('[1..10000000]', context()));
    expect(failure.code).toBe('expression.failed');
    expect(failure.detail).toMatchObject({ jsonataCode: 'D2015' });
    const small = await failureOf(evaluateExpression('$sum([1..5000])', context(), { maxItems: 1000 }));
    expect(small.detail).toMatchObject({ jsonataCode: 'D2015' });
  });

  it('keeps the bounds of concurrent evaluations of one compiled expression apart', async () => {
    const compiled = CompiledExpression.compile(
      '($f := function($x){ $x > 0 ? $f($x - 1) : "done" }; $f(input.n))',
    );
    const runaway = compiled.evaluate(context({ input: { n: 1e12 } }), { timeoutMs: 50 });
    const quick = compiled.evaluate(context({ input: { n: 3 } }), { timeoutMs: 10_000 });
    expect(await quick).toBe('done');
    expect((await failureOf(runaway)).code).toBe('expression.timeout');
  });

  it('reports JSONata type errors with their code, position and token', async () => {
    const failure = await failureOf(evaluateExpression('input.n + "x"', context()));
    expect(failure.code).toBe('expression.failed');
    expect(failure.detail).toMatchObject({
      jsonataCode: 'T2002',
      position: 9,
      token: '+',
      expression: 'input.n + "x"',
    });
  });

  it('reports a source that does not parse when it is evaluated', async () => {
    const failure = await failureOf(evaluateExpression('input.(', context()));
    expect(failure.code).toBe('expression.failed');
    expect(failure.detail).toMatchObject({ jsonataCode: 'S0203' });
  });

  it('gives no way to JavaScript: prototypes, constructors and functions stay out of reach', async () => {
    const ctx = context({ input: JSON.parse('{"__proto__": {"polluted": true}, "o": {}}') as unknown });
    expect(await evaluateExpression('input.o.constructor', ctx)).toBeUndefined();
    expect(await evaluateExpression('input.o.__proto__', ctx)).toBeUndefined();
    expect(await evaluateExpression('$.constructor', ctx)).toBeUndefined();
    // A JSON key named __proto__ is just a key.
    expect(await evaluateExpression('input.__proto__.polluted', ctx)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // Lambdas never leave the evaluator.
    expect(await evaluateExpression('function($x){ $x }', ctx)).toBeUndefined();
    expect(await evaluateExpression('{"f": function($x){ $x }, "k": 1}', ctx)).toEqual({ k: 1 });
    const failure = await failureOf(evaluateExpression('$string.constructor("return process")()', ctx));
    expect(failure.code).toBe('expression.failed');
  });
});

describe('renderTemplate', () => {
  it('yields the typed value of a single template and text otherwise', async () => {
    expect(await renderTemplate('{{ input.n * 2 }}', context())).toBe(6);
    expect(await renderTemplate('{{ input.items }}', context())).toEqual([{ price: 2 }, { price: 5 }]);
    expect(await renderTemplate('Hello {{ input.email }} ({{ input.n }})', context())).toBe(
      'Hello ada@example.com (3)',
    );
    expect(await renderTemplate('no templates here', context())).toBe('no templates here');
  });

  it('interpolates undefined as nothing and other values as JSON', async () => {
    expect(await renderTemplate('[{{ input.nope }}]', context())).toBe('[]');
    expect(
      await renderTemplate(
        '{{ null }}/{{ true }}/{{ 0.1 + 0.2 }}/{{ 1e21 }}/{{ input.items[0] }}',
        context(),
      ),
    ).toBe('null/true/0.30000000000000004/1e+21/{"price":2}');
  });

  it('locates a failing expression inside the string', async () => {
    const failure = await failureOf(renderTemplate('Total: {{ input.n + "x" }}', context()));
    expect(failure.detail).toMatchObject({ jsonataCode: 'T2002', offset: 9 });
    const unclosed = await failureOf(renderTemplate('Total: {{ input.n', context()));
    expect(unclosed.code).toBe('expression.failed');
    expect(unclosed.detail).toMatchObject({ templateCode: 'template.unterminated', position: 7 });
  });
});

describe('a failed evaluation', () => {
  it('stops its parallel branches still running instead of letting them spin until the deadline', async () => {
    const spinning = '($f := function($x){ $f($x) }; $f(1))';
    const failure = await failureOf(
      evaluateExpression(`[$error("stop"), ${spinning}]`, context(), { timeoutMs: 8_000 }),
    );
    expect(failure.detail).toMatchObject({ jsonataCode: 'D3137' });
    // JSONata's loop runs on microtasks only: while it spins, no timer can fire. (This library
    // declares no host globals, hence the cast.)
    const { setTimeout } = globalThis as unknown as { setTimeout: (run: () => void, ms: number) => unknown };
    const idle = await new Promise((resolve) => setTimeout(() => resolve('idle'), 0));
    expect(idle).toBe('idle');
  });
});
