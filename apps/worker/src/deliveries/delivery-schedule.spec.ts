import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, verdictOf } from './delivery-schedule.js';

const DEFAULTS = { maxAttempts: 15, backoffBaseMs: 30_000, backoffMaxMs: 4 * 3_600_000 };

describe('retryDelayMs', () => {
  it('doubles the delay per attempt within the jitter band, up to the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, r) => {
          const full = Math.min(DEFAULTS.backoffMaxMs, DEFAULTS.backoffBaseMs * 2 ** (attempt - 1));
          const delay = retryDelayMs(attempt, DEFAULTS, () => r)!;
          expect(delay).toBeGreaterThanOrEqual(Math.floor(full / 2));
          expect(delay).toBeLessThanOrEqual(full);
        },
      ),
    );
  });

  it('stops after the last attempt', () => {
    expect(retryDelayMs(15, DEFAULTS)).toBeNull();
    expect(retryDelayMs(1, { ...DEFAULTS, maxAttempts: 1 })).toBeNull();
  });

  it('spreads the default schedule over about a day', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULTS.maxAttempts; attempt++)
      total += retryDelayMs(attempt, DEFAULTS, () => 1)!;
    expect(total / 3_600_000).toBeGreaterThan(20);
    expect(total / 3_600_000).toBeLessThan(30);
  });
});

describe('verdictOf', () => {
  it('delivers on 2xx, disables on 410 and retries everything else', () => {
    expect([200, 201, 204, 299].map(verdictOf)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(verdictOf(410)).toBe('gone');
    expect([null, 301, 400, 404, 429, 500, 503].map(verdictOf).every((v) => v === 'retry')).toBe(true);
  });
});
