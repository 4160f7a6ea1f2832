import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../flows/index.js';
import { EVENT_NAME_MAX_LENGTH, EVENT_NAME_PATTERN_SOURCE, isEventName } from './event-names.js';

const waitingFor = (event: string) => ({
  schemaVersion: 1,
  steps: [{ id: 'wait', type: 'waitForEvent', config: { event } }],
  edges: [],
});

describe('event names', () => {
  const longest = `e${'x'.repeat(EVENT_NAME_MAX_LENGTH - 1)}`;

  it('are 1–200 characters of letters, digits and . _ : -', () => {
    expect(EVENT_NAME_MAX_LENGTH).toBe(200);
    expect(isEventName('order.paid:v2_x-y')).toBe(true);
    expect(isEventName(longest)).toBe(true);
    expect(isEventName(`${longest}x`)).toBe(false);
    expect(isEventName('')).toBe(false);
    expect(isEventName('with space')).toBe(false);
    expect(isEventName(42)).toBe(false);
  });

  it('are what a waitForEvent step may wait for: every publishable name, nothing longer', () => {
    expect(validateDefinition(waitingFor(longest)).ok).toBe(true);
    const refused = validateDefinition(waitingFor(`${longest}x`));
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => p.path)).toContain('/steps/0/config/event');
    expect(new RegExp(EVENT_NAME_PATTERN_SOURCE).test(longest)).toBe(true);
  });
});
