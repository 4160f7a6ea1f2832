import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonShape, findJsonTextProblems } from './json-shape.js';

const nest = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('checkJsonShape', () => {
  const limits = { maxDepth: 8, maxNodes: 1000 };

  it('accepts documents within the limits', () => {
    expect(checkJsonShape({ a: [1, { b: null }], c: 'x' }, limits)).toBeNull();
    expect(checkJsonShape(nest(8), limits)).toBeNull();
    expect(checkJsonShape('scalar', limits)).toBeNull();
  });

  it('reports the first container past the depth limit with its pointer', () => {
    expect(checkJsonShape(nest(9), limits)).toEqual({ kind: 'too_deep', limit: 8, path: '/a/0/a/0/a/0/a/0' });
  });

  it('measures a document nested 200,000 levels deep without exhausting the stack', () => {
    expect(checkJsonShape(nest(200_000), limits)?.kind).toBe('too_deep');
  });

  it('counts keys and values against the node limit', () => {
    expect(
      checkJsonShape(
        Array.from({ length: 1000 }, () => 0),
        limits,
      ),
    ).toEqual({
      kind: 'too_large',
      limit: 1000,
    });
    expect(
      checkJsonShape(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, 1])), limits),
    ).toMatchObject({ kind: 'too_large' });
  });

  it('never throws and never reports a document within both limits', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(checkJsonShape(value, { maxDepth: 10, maxNodes: 100_000 })).toBeNull();
      }),
    );
  });
});

describe('findJsonTextProblems', () => {
  it('finds NUL and unpaired surrogates in strings and keys, with escaped pointers', () => {
    const problems = findJsonTextProblems({ 'a/b': ['ok', 'n\u0000'], ['k\ud800']: 1, tab: 'a\tb' });
    expect(problems.map((p) => [p.path, p.code]).sort()).toEqual([
      ['/a~1b/1', 'field.controlCharacter'],
      ['/k\ud800', 'field.unpairedSurrogate'],
    ]);
  });

  it('stops after the given number of problems', () => {
    expect(
      findJsonTextProblems(
        Array.from({ length: 50 }, () => '\u0000'),
        '',
        5,
      ),
    ).toHaveLength(5);
  });
});
