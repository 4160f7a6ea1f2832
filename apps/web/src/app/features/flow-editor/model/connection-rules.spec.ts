import { describe, expect, it } from 'vitest';
import { checkConnection } from './connection-rules';
import { branchingFlow } from './model.fixtures';

describe('checkConnection (the shared domain decides which edges the canvas accepts)', () => {
  it('accepts a new edge and returns the definition with it', () => {
    const result = checkConnection(branchingFlow(), { from: 'ok', to: 'notify' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.definition.edges).toContainEqual({ from: 'ok', to: 'notify' });
  });

  it('refuses an edge that closes a cycle, naming the cycle', () => {
    const result = checkConnection(branchingFlow(), { from: 'ok', to: 'fetch' });
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/fetch → check → ok → fetch form a cycle/),
    });
  });

  it('refuses a port the source cannot emit', () => {
    const result = checkConnection(branchingFlow(), { from: 'check', to: 'fetch', when: 'maybe' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('cannot emit "maybe"');
  });

  it('refuses a duplicate edge, an unknown step and a step connected to itself', () => {
    expect(checkConnection(branchingFlow(), { from: 'fetch', to: 'check' }).ok).toBe(false);
    expect(checkConnection(branchingFlow(), { from: 'fetch', to: 'ghost' }).ok).toBe(false);
    expect(checkConnection(branchingFlow(), { from: 'ok', to: 'ok' })).toEqual({
      ok: false,
      reason: 'A step cannot connect to itself.',
    });
  });

  it('still accepts edits to a draft that already has other problems', () => {
    const broken = branchingFlow();
    broken.steps[2] = { ...broken.steps[2]!, config: { expression: '(' } };
    expect(checkConnection(broken, { from: 'ok', to: 'notify' }).ok).toBe(true);
  });
});
