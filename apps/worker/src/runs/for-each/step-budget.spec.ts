import { describe, expect, it } from 'vitest';
import { StepBudget } from './step-budget.js';

describe('StepBudget', () => {
  it('counts attempts up to the limit, then refuses with quota.max_steps_exceeded and the limit', () => {
    const budget = new StepBudget(3, 1);
    expect(budget.take('a')).toBeUndefined();
    expect(budget.take('b', 'loop[0]')).toBeUndefined();
    expect(budget.count).toBe(3);
    const refused = budget.take('c', 'loop[1]');
    expect(refused).toMatchObject({
      code: 'quota.max_steps_exceeded',
      stepId: 'c',
      detail: { limit: 3, path: 'loop[1]' },
    });
    expect(budget.exceeded).toBe(refused);
    expect(budget.count).toBe(3);
    // The first refusal stays the run's error.
    budget.take('d');
    expect(budget.exceeded?.stepId).toBe('c');
  });

  it('counts resumed attempts without refusing them, and gives back an attempt that was not recorded', () => {
    const budget = new StepBudget(1);
    expect(budget.take('a')).toBeUndefined();
    expect(budget.note()).toBeUndefined();
    expect(budget.count).toBe(2);
    budget.release();
    budget.release();
    expect(budget.take('b')).toBeUndefined();
    expect(budget.exceeded).toBeUndefined();
  });
});
