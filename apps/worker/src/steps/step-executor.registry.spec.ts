import { CORE_STEP_TYPES } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import type { CodeSandbox } from '../sandbox/index.js';
import type { OutboundHttpClient } from '../net/index.js';
import { PENDING_STEP_TYPES, StepExecutorRegistry } from './step-executor.registry.js';
import { createStepExecutors } from './step-executors.js';

const registry = createStepExecutors({ http: {} as OutboundHttpClient, sandbox: {} as CodeSandbox });

describe('the step executor registry', () => {
  it('has an executor for every catalogue step type, except those pending the waits issue', () => {
    const missing = CORE_STEP_TYPES.map((t) => t.type).filter(
      (type) => !registry.get(type) && !PENDING_STEP_TYPES.includes(type),
    );
    expect(missing).toEqual([]);
  });

  it('lists as pending only types that have no executor yet', () => {
    expect(PENDING_STEP_TYPES.filter((type) => registry.get(type))).toEqual([]);
  });

  it('has no executor for a type the catalogue does not know', () => {
    const known = new Set(CORE_STEP_TYPES.map((t) => t.type));
    expect(registry.types().filter((type) => !known.has(type))).toEqual([]);
  });

  it('refuses two executors for one type', () => {
    const one = { type: 'x', execute: async () => ({ output: null }) };
    expect(() => new StepExecutorRegistry([one, one] as never)).toThrow(/twice/);
  });
});
