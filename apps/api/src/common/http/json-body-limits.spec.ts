import { checkJsonShape } from '@stepline/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanJsonShape } from './json-body-limits.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const limits = { maxDepth: 5, maxNodes: 50 };

describe('scanJsonShape', () => {
  it('refuses nesting past the limit, in objects and arrays alike', () => {
    expect(scanJsonShape(bytes('[[[[[1]]]]]'), limits)).toBeNull();
    expect(scanJsonShape(bytes('[[[[[[1]]]]]]'), limits)).toMatchObject({ kind: 'too_deep', limit: 5 });
    expect(scanJsonShape(bytes('{"a":{"a":{"a":{"a":{"a":{"a":1}}}}}}'), limits)?.kind).toBe('too_deep');
  });

  it('ignores brackets, commas and escaped quotes inside strings', () => {
    expect(
      scanJsonShape(bytes(JSON.stringify({ s: '[[[[[[[[,,,,"\\' + ','.repeat(100) })), limits),
    ).toBeNull();
  });

  it('refuses more values than the limit', () => {
    expect(scanJsonShape(bytes(JSON.stringify(Array(50).fill(0))), limits)).toBeNull();
    expect(scanJsonShape(bytes(JSON.stringify(Array(51).fill(0))), limits)).toEqual({
      kind: 'too_large',
      limit: 50,
    });
  });

  it('scans a 100,000-level body in one pass without recursion', () => {
    expect(scanJsonShape(bytes('['.repeat(100_000)), { maxDepth: 64, maxNodes: 10 })?.kind).toBe('too_deep');
  });

  it('agrees with the parsed-value check on the depth of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const generous = { maxDepth: 6, maxNodes: 1_000_000 };
        const scanned = scanJsonShape(bytes(JSON.stringify(value)), generous)?.kind ?? null;
        const parsed = checkJsonShape(value, generous)?.kind ?? null;
        expect(scanned).toBe(parsed);
      }),
    );
  });
});
