import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
import { ExpressionCache } from './expression.cache.js';

describe('ExpressionCache', () => {
  it('parses a source once and returns the same result afterwards', () => {
    const cache = new ExpressionCache();
    const first = cache.parse('input.a + 1');
    expect(cache.parse('input.a + 1')).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('caches failures too', () => {
    const cache = new ExpressionCache();
    const failure = cache.parse('input.(');
    expect(failure.ok).toBe(false);
    expect(cache.parse('input.(')).toBe(failure);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new ExpressionCache({ maxParsed: 2 });
    const a = cache.parse('a');
    cache.parse('b');
    cache.parse('a');
    cache.parse('c');
    expect(cache.size).toBe(2);
    expect(cache.parse('a')).toBe(a);
  });

  it('compiles an evaluable JSONata expression once', async () => {
    const cache = new ExpressionCache();
    const compiled = cache.compile('input.a * 2');
    expect(cache.compile('input.a * 2')).toBe(compiled);
    await expect(compiled.evaluate({ input: { a: 21 } })).resolves.toBe(42);
    await expect(cache.compile('input.a').evaluate({ input: { a: 1 } })).resolves.toBe(1);
  });

  it('refuses to compile a source that does not parse', () => {
    const cache = new ExpressionCache();
    try {
      cache.compile('1 +');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('flow.invalid_definition');
    }
  });
});
