import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSandboxPrelude } from './sandbox.prelude.mjs';

// The prelude runs inside QuickJS; its logic is plain JavaScript, so it is exercised here directly.
const lines: { level: string; message: string; length: number }[] = [];
const prelude = createSandboxPrelude((level, message, length) => lines.push({ level, message, length }), 50);

describe('sandbox prelude', () => {
  describe('format', () => {
    it.each([
      [['plain', 1, true, null, undefined], 'plain 1 true null undefined'],
      [[{ a: 'x', 'b-c': [1, { d: 2 }] }], "{ a: 'x', 'b-c': [ 1, { d: 2 } ] }"],
      [[{ l1: { l2: { l3: { l4: 1 } } } }], '{ l1: { l2: { l3: [Object] } } }'],
      [[[[[[1]]]]], '[ [ [ [Array] ] ] ]'],
      [[-0, 10n, Symbol('s')], '-0 10n Symbol(s)'],
      [[function named() {}, () => 1, class K {}], '[Function: named] [Function (anonymous)] [class K]'],
      [[new Date(0), /x/g], '1970-01-01T00:00:00.000Z /x/g'],
      [['%s is %d years, %j %%', 'ada', 36.6, { a: 1 }], 'ada is 36.6 years, {"a":1} %'],
      [['%i', 3.9], '3'],
      [[new Map([['k', { v: 1 }]]), new Set(['a'])], "Map(1) { 'k' => { v: 1 } } Set(1) { 'a' }"],
      [[Object.create(null)], '[Object: null prototype] {}'],
      [["it's"], "it's"],
      [[["it's"]], "[ 'it\\'s' ]"],
    ])('formats case %# like Node', (args, expected) => {
      expect(prelude.format(args)).toBe(expected);
    });

    it('marks cycles and cuts long collections', () => {
      const cyclic: Record<string, unknown> = { name: 'root' };
      cyclic['self'] = cyclic;
      expect(prelude.format([cyclic])).toBe("{ name: 'root', self: [Circular] }");
      expect(prelude.format([Array.from({ length: 105 }, () => 0)])).toMatch(/0, \.\.\. 5 more items \]$/);
    });

    it('formats errors with their stack', () => {
      const error = new TypeError('bad');
      error.stack = '    at f (code.js:2:3)';
      expect(prelude.format([error])).toBe('TypeError: bad\n    at f (code.js:2:3)');
    });

    it('never throws on arbitrary values', () => {
      fc.assert(
        fc.property(
          fc.array(fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true })),
          (args) => {
            expect(typeof prelude.format(args)).toBe('string');
          },
        ),
      );
    });
  });

  describe('console', () => {
    it('hands each message to the host, cut to the message cap with its full length', () => {
      lines.length = 0;
      prelude.console.warn('w', 1);
      prelude.console.log('x'.repeat(80));
      expect(lines).toEqual([
        { level: 'warn', message: 'w 1', length: 3 },
        { level: 'info', message: 'x'.repeat(50), length: 80 },
      ]);
    });
  });

  describe('serializeResult', () => {
    it('serialises every JSON value exactly as JSON.stringify does', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          expect(prelude.serializeResult(value)).toBe(JSON.stringify(value));
        }),
      );
    });

    it('turns undefined into null and keeps JSON semantics for undefined members and dates', () => {
      expect(prelude.serializeResult(undefined)).toBe('null');
      expect(prelude.serializeResult({ a: undefined, d: new Date(0) })).toBe(
        '{"d":"1970-01-01T00:00:00.000Z"}',
      );
    });

    it('refuses values JSON would lose, naming the path', () => {
      const shared = { x: 1 };
      expect(prelude.serializeResult({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
      expect(prelude.serializeResult({ list: [{ fn: () => 1 }] })).toEqual({
        invalid: expect.stringContaining('a function at return value.list[0].fn'),
      });
      expect(prelude.serializeResult({ 'odd key': 1n })).toEqual({
        invalid: expect.stringContaining("at return value['odd key']"),
      });
      expect(prelude.serializeResult(Symbol('s'))).toEqual({
        invalid: expect.stringMatching(/^The return value is a symbol/),
      });
    });

    it('refuses any value that hides a function, symbol or BigInt', () => {
      const poison = fc.oneof(
        fc.constant(() => 1),
        fc.constant(Symbol('p')),
        fc.bigInt(),
      );
      fc.assert(
        fc.property(fc.array(fc.jsonValue()), poison, fc.nat(), (items, bad, at) => {
          const value = { items: [...items.slice(0, at % (items.length + 1)), { bad }] };
          expect(prelude.serializeResult(value)).toEqual({ invalid: expect.any(String) });
        }),
      );
    });
  });

  describe('describeError', () => {
    it('describes errors and other thrown values without throwing', () => {
      expect(JSON.parse(prelude.describeError(new RangeError('r')))).toMatchObject({
        name: 'RangeError',
        message: 'r',
      });
      expect(JSON.parse(prelude.describeError('boom'))).toEqual({ name: null, message: "Uncaught 'boom'" });
      const hostile = new Error('x');
      Object.defineProperty(hostile, 'message', {
        get() {
          throw new Error('gotcha');
        },
      });
      expect(JSON.parse(prelude.describeError(hostile))).toMatchObject({ name: 'Error', message: '' });
    });
  });
});
