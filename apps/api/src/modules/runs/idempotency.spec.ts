import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkIdempotencyKey, requestHashOf } from './idempotency.js';

describe('idempotency helpers', () => {
  it('hash the same request alike whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
        const reversed = Object.fromEntries(Object.entries(input).reverse());
        expect(requestHashOf('f', 1, reversed)).toBe(requestHashOf('f', 1, input));
      }),
    );
  });

  it('hash different inputs, versions and flows differently', () => {
    expect(requestHashOf('f', 1, { a: 1 })).not.toBe(requestHashOf('f', 1, { a: 2 }));
    expect(requestHashOf('f', 1, { a: 1 })).not.toBe(requestHashOf('f', 'draft', { a: 1 }));
    expect(requestHashOf('f', undefined, null)).not.toBe(requestHashOf('g', undefined, null));
    expect(requestHashOf('f', undefined, null)).toBe(requestHashOf('f', 'published', undefined));
  });

  it('canonical JSON parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('accepts printable keys up to 255 characters and refuses others', () => {
    expect(checkIdempotencyKey('order-42:retry')).toBe('order-42:retry');
    expect(checkIdempotencyKey(undefined)).toBeUndefined();
    for (const bad of ['', 'a'.repeat(256), 'with space', 'tab\t', 'é']) {
      expect(() => checkIdempotencyKey(bad)).toThrow(expect.objectContaining({ code: 'validation.failed' }));
    }
  });
});
