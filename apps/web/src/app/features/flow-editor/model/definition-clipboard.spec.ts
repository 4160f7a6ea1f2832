import { applyOperations, validateDefinition } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { copySelection, pasteOperations } from './definition-clipboard';
import { branchingFlow } from './model.fixtures';

describe('copy and paste as definition JSON', () => {
  it('copies the selected steps with the edges between them only', () => {
    const text = copySelection(branchingFlow(), new Set(['check', 'ok']));
    const fragment = JSON.parse(text!);
    expect(fragment.schemaVersion).toBe(1);
    expect(fragment.steps.map((s: { id: string }) => s.id)).toEqual(['check', 'ok']);
    expect(fragment.edges).toEqual([{ from: 'check', to: 'ok', when: 'true' }]);
    expect(copySelection(branchingFlow(), new Set())).toBeUndefined();
  });

  it('pastes into the same flow under fresh ids, with references and edges following', () => {
    const def = branchingFlow();
    const text = copySelection(def, new Set(['fetch', 'check']))!;
    const result = pasteOperations(def, text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const next = applyOperations(def, result.operations);
    expect(result.pastedIds).toHaveLength(2);
    expect(result.pastedIds.some((id) => ['fetch', 'check'].includes(id))).toBe(false);
    const [newFetch, newCheck] = result.pastedIds;
    const pastedCheck = next.steps.find((s) => s.id === newCheck)!;
    expect(pastedCheck.config['expression']).toBe(`steps.${newFetch}.output.status = 200`);
    expect(pastedCheck.position).toEqual({ x: 320, y: 40 });
    expect(next.edges).toContainEqual({ from: newFetch, to: newCheck });
    expect(validateDefinition(next).ok).toBe(true);
  });

  it('refuses clipboard text that is not a definition fragment', () => {
    expect(pasteOperations(branchingFlow(), 'hello')).toEqual({ ok: false, reason: expect.any(String) });
    expect(pasteOperations(branchingFlow(), '{"steps": 3}').ok).toBe(false);
  });
});
