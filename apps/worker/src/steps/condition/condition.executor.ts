import type { ConditionStepConfig } from '@stepline/domain';
import type { StepExecutor } from '../step-executor.js';

/**
 * JSONata's boolean casting ($boolean): empty strings, 0, null, empty arrays and objects, and
 * arrays of only falsy values are false. A condition on a missing path is false, not an error.
 */
export const toBoolean = (value: unknown): boolean => {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.some(toBoolean);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return false;
};

export const conditionExecutor: StepExecutor<ConditionStepConfig> = {
  type: 'condition',
  replaySafe: true,
  execute: async ({ config }) => {
    const result = toBoolean((config as { expression: unknown }).expression);
    return { output: { result }, port: result ? 'true' : 'false' };
  },
};
