import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
import type { RetryPolicy } from '../flows/definition/flow-definition.types.js';
import { DEFAULT_MAX_DELAY_MS, retryDelayMs } from './retry-policy.js';

const delays = (policy: RetryPolicy | undefined, attempts = 10) =>
  Array.from({ length: attempts }, (_, i) => retryDelayMs(policy, i + 1));

describe('retryDelayMs', () => {
  it('never retries without a policy, or with one attempt', () => {
    expect(retryDelayMs(undefined, 1)).toBeNull();
    expect(retryDelayMs({ maxAttempts: 1 }, 1)).toBeNull();
  });

  it('doubles from 1 s by default (exponential, the schema default) until the attempts run out', () => {
    expect(delays({ maxAttempts: 4 }, 5)).toEqual([1_000, 2_000, 4_000, null, null]);
  });

  it('waits the same time between attempts with fixed backoff', () => {
    expect(delays({ maxAttempts: 3, backoff: 'fixed', initialDelayMs: 250 }, 3)).toEqual([250, 250, null]);
  });

  it('caps the delay at maxDelayMs, and at 5 minutes by default', () => {
    const capped = {
      maxAttempts: 10,
      backoff: 'exponential',
      initialDelayMs: 500,
      maxDelayMs: 3_000,
    } as const;
    expect(delays(capped)).toEqual([500, 1_000, 2_000, 3_000, 3_000, 3_000, 3_000, 3_000, 3_000, null]);
    expect(retryDelayMs({ maxAttempts: 10, initialDelayMs: 60_000 }, 9)).toBe(DEFAULT_MAX_DELAY_MS);
    expect(retryDelayMs({ maxAttempts: 2, backoff: 'fixed', initialDelayMs: 9_000, maxDelayMs: 10 }, 1)).toBe(
      10,
    );
  });

  it('retries at once with a zero delay, even after many attempts', () => {
    expect(retryDelayMs({ maxAttempts: 10, initialDelayMs: 0 }, 9)).toBe(0);
    expect(retryDelayMs({ maxAttempts: 5_000, initialDelayMs: 0 }, 4_000)).toBe(0);
    expect(retryDelayMs({ maxAttempts: 5_000 }, 4_000)).toBe(DEFAULT_MAX_DELAY_MS);
  });

  it('refuses an attempt number that is not a positive integer (a runner bug)', () => {
    for (const attempt of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      let code: string | undefined;
      try {
        retryDelayMs({ maxAttempts: 3 }, attempt);
      } catch (error) {
        code = isAppError(error) ? error.code : undefined;
      }
      expect(code).toBe('internal.error');
    }
  });

  it('gives exactly maxAttempts − 1 delays, never decreasing and never above the cap', () => {
    const policy = fc.record({
      maxAttempts: fc.integer({ min: 1, max: 10 }),
      backoff: fc.constantFrom('fixed' as const, 'exponential' as const),
      initialDelayMs: fc.integer({ min: 0, max: 86_400_000 }),
      maxDelayMs: fc.integer({ min: 0, max: 86_400_000 }),
    });
    fc.assert(
      fc.property(policy, (p) => {
        const all = delays(p, 12);
        const numbers = all.filter((d): d is number => d !== null);
        expect(numbers).toHaveLength(p.maxAttempts - 1);
        expect(all.slice(p.maxAttempts - 1).every((d) => d === null)).toBe(true);
        numbers.forEach((d, i) => {
          expect(Number.isInteger(d) && d >= 0 && d <= p.maxDelayMs).toBe(true);
          if (i > 0) expect(d).toBeGreaterThanOrEqual(numbers[i - 1] as number);
          if (p.backoff === 'fixed') expect(d).toBe(Math.min(p.initialDelayMs, p.maxDelayMs));
        });
      }),
    );
  });
});
