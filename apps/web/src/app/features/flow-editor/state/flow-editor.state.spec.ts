import { TestBed } from '@angular/core/testing';
import { applyOperation, stepTypeRegistry } from '@stepline/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlowMeta, StepTypeEntry } from '../flow-editor.graphql';
import { branchingFlow, step } from '../model/model.fixtures';
import { FlowEditorState, graphAt } from './flow-editor.state';

const FLOW: FlowMeta = {
  id: 'flow-1',
  name: 'Orders',
  description: null,
  tags: [],
  archivedAt: null,
  publishedVersion: null,
  latestVersion: 1,
  draftRevision: 1,
};
const catalogue = stepTypeRegistry.list().map((d): StepTypeEntry => ({
  type: d.type,
  category: d.category,
  title: d.title,
  description: d.description,
  configSchema: d.configSchema,
  defaults: d.defaults,
  outputPorts: [],
  terminal: !!d.terminal,
  expressionFields: [...(d.expressionFields ?? [])],
  nestedGraphs: (d.nestedGraphs ?? []).map((g) => ({ field: g.field, locals: [...g.locals] })),
}));

describe('FlowEditorState', () => {
  let state: FlowEditorState;

  beforeEach(() => {
    state = TestBed.runInInjectionContext(() => new FlowEditorState());
    state.loaded(FLOW, catalogue, branchingFlow(), 3, true);
  });
  afterEach(() => vi.useRealTimers());

  const rename = (name: string, coalesce?: string) =>
    state.edit(
      applyOperation(state.draft(), { type: 'updateStep', stepId: 'ok', changes: { name } }),
      coalesce,
    );

  it('undoes and redoes edits, and a new edit clears the redo branch', () => {
    const opened = state.draft();
    rename('A');
    rename('B');
    expect(state.canUndo()).toBe(true);
    state.undo();
    expect(state.draft().steps[2]?.name).toBe('A');
    state.undo();
    expect(state.draft()).toBe(opened);
    expect(state.canUndo()).toBe(false);
    state.redo();
    expect(state.draft().steps[2]?.name).toBe('A');
    rename('C');
    expect(state.canRedo()).toBe(false);
  });

  it('makes a burst of typing in one field a single undo step', () => {
    vi.useFakeTimers();
    rename('x', 'ok:name');
    rename('xy', 'ok:name');
    rename('xyz', 'ok:name');
    state.undo();
    expect(state.draft().steps[2]?.name).toBeUndefined();
    vi.advanceTimersByTime(5000);
    rename('later', 'ok:name');
    rename('later!', 'ok:name');
    vi.advanceTimersByTime(5000);
    rename('much later', 'ok:name');
    state.undo();
    expect(state.draft().steps[2]?.name).toBe('later!');
  });

  it('marks the draft unsaved on edits and saved when the server holds the same definition', () => {
    expect(state.save()).toBe('saved');
    rename('A');
    expect(state.save()).toBe('unsaved');
    const sent = state.draft();
    state.savingStarted();
    rename('B');
    state.saved(sent, 4);
    expect(state.revision()).toBe(4);
    expect(state.save()).toBe('unsaved');
    state.saved(state.draft(), 5);
    expect(state.save()).toBe('saved');
  });

  it('keeps a conflict until the draft is reset from the server', () => {
    state.conflicted();
    rename('A');
    expect(state.save()).toBe('conflict');
    state.resetDraft(branchingFlow(), 9);
    expect(state.save()).toBe('saved');
    expect(state.canUndo()).toBe(false);
  });

  it('validates live with the shared validator and places problems on steps', () => {
    expect(state.problems()).toEqual([]);
    state.edit(
      applyOperation(state.draft(), {
        type: 'updateStep',
        stepId: 'check',
        changes: { config: { expression: '(' } },
      }),
    );
    expect(state.problemsByStep().get('check')?.[0]?.code).toBe('expression.parse_error');
  });

  it('holds validation back until released (the canvas paints a large flow first)', () => {
    state.edit(
      applyOperation(state.draft(), {
        type: 'updateStep',
        stepId: 'check',
        changes: { config: { expression: '(' } },
      }),
    );
    state.holdValidation();
    expect(state.problems()).toEqual([]);
    state.releaseValidation();
    expect(state.problemsByStep().get('check')?.[0]?.code).toBe('expression.parse_error');
  });

  it('is read-only for a role that cannot edit, when a version is shown, and for an archived flow', () => {
    expect(state.readOnly()).toBe(false);
    state.show({ mode: 'version', number: 1, definition: branchingFlow() });
    expect(state.readOnly()).toBe(true);
    state.show({ mode: 'draft' });
    state.loaded(FLOW, catalogue, branchingFlow(), 3, false);
    expect(state.readOnly()).toBe(true);
    state.loaded({ ...FLOW, archivedAt: '2026-01-01T00:00:00Z' }, catalogue, branchingFlow(), 3, true);
    expect(state.readOnly()).toBe(true);
  });

  it('drops removed steps from the selection and resolves the selected step', () => {
    state.select(['ok', 'notify']);
    expect(state.selectedStep()).toBeUndefined();
    state.edit(applyOperation(state.draft(), { type: 'removeStep', stepId: 'notify' }));
    expect([...state.selection()]).toEqual(['ok']);
    expect(state.selectedStep()?.id).toBe('ok');
  });

  it('shows the graph of a forEach body as the canvas', () => {
    const loop = step('loop', 'forEach', {
      config: { items: 'input.items', body: { steps: [step('each', 'transform')], edges: [] } },
    });
    const def = { ...branchingFlow(), steps: [...branchingFlow().steps, loop] };
    expect(graphAt(def, [{ stepId: 'loop', field: 'body' }]).steps.map((s) => s.id)).toEqual(['each']);
    expect(graphAt(def, [{ stepId: 'gone', field: 'body' }])).toBe(def);
  });
});
