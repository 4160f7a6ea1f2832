import { ExpressionCache, validateDefinition } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { measure, report } from './harness.js';
import { largeDefinition } from './large-definition.fixture.js';

// validateDefinition on a 500-step definition (target: median < 50 ms), with a 50-step one as the
// in-process baseline. "warm" reuses one expression cache across runs (an editor re-validating
// while the user types, a server validating a draft it saw before); "cold" starts every run with
// an empty cache, so every expression is parsed. Ajv's compiled schemas stay compiled in both,
// as they do for the life of a process. No timing is asserted.

describe('validateDefinition benchmark', () => {
  it('measures 500 and 50 steps, cold and warm', async () => {
    const large = largeDefinition(50);
    const small = largeDefinition(5);
    expect(large.steps).toHaveLength(500);
    expect(validateDefinition(large).problems).toEqual([]);
    expect(validateDefinition(small).problems).toEqual([]);

    let cache = new ExpressionCache();
    const cold = { beforeEach: () => (cache = new ExpressionCache()) };
    const warmCache = new ExpressionCache();
    const figures = [
      measure('500 steps, cold cache', () => validateDefinition(large, { cache }), cold),
      measure('500 steps, warm cache', () => validateDefinition(large, { cache: warmCache })),
      measure('50 steps, cold cache', () => validateDefinition(small, { cache }), cold),
      measure('50 steps, warm cache', () => validateDefinition(small, { cache: warmCache })),
    ];
    const [large500Cold, large500Warm, small50Cold, small50Warm] = figures.map((f) => f.medianMs) as number[];
    const ratios = {
      coldRatio500to50: Math.round(((large500Cold as number) / (small50Cold as number)) * 10) / 10,
      warmRatio500to50: Math.round(((large500Warm as number) / (small50Warm as number)) * 10) / 10,
    };
    console.log('median ratio 500 / 50 steps:', ratios);
    await report('validate-definition', figures, { steps: { large: 500, small: 50 }, ...ratios });
  });
});
