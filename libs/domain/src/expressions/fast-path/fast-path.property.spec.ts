import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import type { ExpressionAst } from '../expression.types.js';
import { compileFastPath } from './fast-path.compiler.js';
import { DEFER } from './jsonata-semantics.js';

// Random contexts × random expressions of the subset grammar: wherever the fast path answers, the
// answer is the very value JSONata returns (Object.is: the same number, string, boolean, or the
// same object/array reference), and JSONata does not fail. Where JSONata fails, the fast path
// must have deferred. The contexts include what JSON data can hold and a few things it cannot
// (NaN, ±Infinity, -0, JSONata-flagged arrays, objects posing as JSONata functions), and the
// expressions read a small set of names so paths meet values of every kind.

const NAMES = ['a', 'b', 'c', 'd'] as const;

const numbers = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 0.1, 0.2, 1 / 3, 0.1 + 0.2, 2 ** 53 + 1, Number.MAX_VALUE),
);
const strings = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('', '0', '1', 'a', 'b', 'true'));

const leaf = fc.oneof(numbers, strings, fc.boolean(), fc.constant(null));
const posingAsFunctions = fc.constantFrom({ _jsonata_lambda: true }, { _jsonata_function: true, a: 1 });

/** Containers weigh more than leaves, so paths often reach nested values and arrays of objects. */
const valueAt = (depth: number): fc.Arbitrary<unknown> => {
  if (depth === 0) return leaf;
  const inner = valueAt(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: fc.array(inner, { maxLength: 3 }), weight: 3 },
    { arbitrary: fc.dictionary(fc.constantFrom(...NAMES), inner, { maxKeys: 4 }), weight: 4 },
    {
      arbitrary: fc.array(inner, { maxLength: 3 }).map((items) => Object.assign(items, { sequence: true })),
      weight: 1,
    },
    { arbitrary: posingAsFunctions, weight: 1 },
  );
};

const contextValue = valueAt(3);

const context = fc.dictionary(fc.constantFrom(...NAMES), contextValue, { maxKeys: 4 });

const name = fc.constantFrom(...NAMES, '`a`');
const index = fc.constantFrom('[0]', '[1]', '[-1]', '[-2]', '[2]', '[0.5]', '[0][0]', '[-1][1]');
const pathStep = fc.tuple(name, fc.option(index, { nil: undefined })).map(([n, i]) => n + (i ?? ''));
const path = fc
  .tuple(fc.constantFrom('', '', '$.', '$$.'), fc.array(pathStep, { minLength: 1, maxLength: 3 }))
  .map(([prefix, steps]) => prefix + steps.join('.'));
const literal = fc.oneof(
  fc.integer({ min: -3, max: 10 }).map(String),
  fc.constantFrom('0', '0.5', '1e21', '1.1', '3.14159', '1e-7', '100000000000000000000'),
  fc.constantFrom('"a"', '""', '"0"', "'b'", 'true', 'false', 'null'),
);
const OPERATORS = ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', 'and', 'or', '&'];

const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    path,
    literal,
    fc.constantFrom('$', '$$'),
    fc
      .tuple(tie('expression'), fc.constantFrom(...OPERATORS), tie('expression'))
      .map(([l, op, r]) => `(${l} ${op} ${r})`),
    tie('expression').map((e) => `-(${e})`),
    fc
      .tuple(tie('expression'), tie('expression'), tie('expression'))
      .map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
    fc.tuple(tie('expression'), tie('expression')).map(([a, b]) => `(${a}; ${b})`),
  ),
}));

const show = (value: unknown): string => {
  try {
    return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    return typeof value;
  }
};

type Outcome = { ok: true; value: unknown } | { ok: false; code: unknown };

const viaJsonata = async (source: string, input: unknown): Promise<Outcome> => {
  try {
    return { ok: true, value: await jsonata(source).evaluate(input) };
  } catch (failure) {
    return { ok: false, code: (failure as { code?: unknown }).code };
  }
};

describe('the fast path', () => {
  it('claims every expression of the subset grammar', () => {
    fc.assert(
      fc.property(expression, (source) => {
        expect(compileFastPath(jsonata(source).ast() as unknown as ExpressionAst)).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it('answers exactly as JSONata does, or defers', async () => {
    let answered = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(expression, context, async (source, input) => {
        runs++;
        const fast = compileFastPath(jsonata(source).ast() as unknown as ExpressionAst);
        const answer = fast?.(input);
        if (answer === DEFER) return;
        answered++;
        const reference = await viaJsonata(source, input);
        if (!reference.ok)
          expect.fail(`fast path answered ${show(answer)}, JSONata failed with ${show(reference.code)}`);
        expect(
          Object.is(reference.value, answer),
          `fast ${show(answer)} vs JSONata ${show(reference.value)}`,
        ).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // The grammar reaches arrays and bad operands often; still, most answers come from the fast path.
    expect(answered / runs).toBeGreaterThan(0.3);
  });

  it('defers whenever JSONata fails', async () => {
    await fc.assert(
      fc.asyncProperty(expression, context, async (source, input) => {
        const reference = await viaJsonata(source, input);
        if (reference.ok) return;
        const fast = compileFastPath(jsonata(source).ast() as unknown as ExpressionAst);
        expect(fast?.(input)).toBe(DEFER);
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves expressions outside the subset to JSONata', () => {
    for (const source of [
      '$sum(a)',
      'a[b > 1]',
      'a.b[]',
      '[1, 2]',
      '{"x": 1}',
      'a in b',
      '$x',
      'a ~> $string()',
      '**.a',
      'a.*',
      'a#$i',
      'a@$x',
      '$$[0]',
      '(a)[0]',
      'function($x){ $x }',
      '1..3',
      'a{b: c}',
      'a^(b)',
    ]) {
      let ast: ExpressionAst;
      try {
        ast = jsonata(source).ast() as unknown as ExpressionAst;
      } catch {
        continue;
      }
      expect(compileFastPath(ast), source).toBeUndefined();
    }
  });
});
