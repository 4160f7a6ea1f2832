import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { normalizeResult } from './normalize-result.js';

describe('normalizeResult', () => {
  it('copies JSONata sequences as plain arrays, nested ones included', async () => {
    const raw = (await jsonata('{"prices": items.price, "one": items[0].price[]}').evaluate({
      items: [{ price: 1 }, { price: 2 }],
    })) as Record<string, unknown[]>;
    expect('sequence' in (raw['prices'] as object)).toBe(true);
    const plain = normalizeResult(raw) as Record<string, unknown[]>;
    expect(plain).toEqual({ prices: [1, 2], one: [1] });
    expect('sequence' in (plain['prices'] as object)).toBe(false);
    expect('keepSingleton' in (plain['one'] as object)).toBe(false);
  });

  it('drops JSONata functions and keeps data that merely looks like one', async () => {
    const raw = await jsonata('{"f": function($x){ $x }, "g": $string, "k": 1}').evaluate({});
    expect(normalizeResult(raw)).toEqual({ k: 1 });
    const data = { _jsonata_lambda: true, nested: [{ _jsonata_function: true }] };
    expect(normalizeResult(data)).toBe(data);
  });

  it('returns unchanged values as they are, without copying', () => {
    const value = { a: [1, { b: 'c' }], d: null };
    expect(normalizeResult(value)).toBe(value);
    expect(normalizeResult('x')).toBe('x');
    expect(normalizeResult(undefined)).toBeUndefined();
  });
});
