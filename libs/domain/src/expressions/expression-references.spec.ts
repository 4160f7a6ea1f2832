import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { parseAst, parseExpression } from './expression.parser.js';

const references = (source: string) => {
  const result = parseExpression(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.expression.references.map((r) => r.path.join('.'));
};

describe('extractReferences', () => {
  it('finds each context root with its leading names', () => {
    expect(references('steps.lookup.output.body.tier = "vip" and input.email != vars.last')).toEqual([
      'steps.lookup.output.body.tier',
      'input.email',
      'vars.last',
    ]);
  });

  it('names the step of a steps reference and its token offsets', () => {
    const result = parseExpression('  steps.`lookup`.output');
    expect(result.ok && result.expression.references).toEqual([
      {
        root: 'steps',
        path: ['steps', 'lookup', 'output'],
        stepId: 'lookup',
        segments: [
          { name: 'steps', start: 2, end: 7 },
          { name: 'lookup', start: 8, end: 16 },
          { name: 'output', start: 17, end: 23 },
        ],
        start: 2,
        end: 23,
      },
    ]);
  });

  it('ignores names relative to the current value (filters, later steps, group-by, sort)', () => {
    expect(references('input.items[price > 10].{ "n": name, "v": vars.x }')).toEqual(['input.items']);
    expect(references('input.items^(>price)')).toEqual(['input.items']);
    expect(references('input{ name: price }')).toEqual(['input']);
  });

  it('stops a reference at a filtered step', () => {
    expect(references('steps.a.output[0].id')).toEqual(['steps.a.output']);
  });

  it('finds references in functions, lambdas, conditions, blocks and object constructors', () => {
    expect(
      references(
        '($x := steps.b.output; $map(input.items, function($v){ $v.name & secrets.KEY }); item ? { "i": index } : run.id)',
      ),
    ).toEqual(['steps.b.output', 'input.items', 'secrets.KEY', 'item', 'index', 'run.id']);
  });

  it('reads $$ as the context root anywhere and $ only at the top', () => {
    expect(references('$$.steps.a.output')).toEqual(['steps.a.output']);
    expect(references('$.input.x')).toEqual(['input.x']);
    expect(references('input.items[$$.vars.limit > 1]')).toEqual(['input.items', 'vars.limit']);
  });

  it('returns JSONata parse errors with their position', () => {
    expect(parseExpression('steps.a.output = (')).toEqual({
      ok: false,
      error: { code: 'S0203', message: expect.stringContaining(')'), position: 18, token: '(end)' },
    });
  });

  it('builds the same AST as JSONata for plain dotted paths (fast path)', () => {
    const name = fc
      .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/)
      .filter((n) => !['and', 'or', 'in', 'true', 'false', 'null', 'function'].includes(n));
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 5 }),
        fc.nat(3),
        fc.nat(3),
        (names, before, after) => {
          const source = `${' '.repeat(before)}${names.join('.')}${' '.repeat(after)}`;
          const result = parseAst(source);
          expect(result.ok && result.ast).toEqual(jsonata(source).ast());
        },
      ),
    );
  });
});
