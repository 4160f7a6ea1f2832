import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { stepTypeRegistry } from '@stepline/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUTH_STORAGE } from '../../../core/auth/auth.store';
import { MemoryStorage } from '../../../core/auth/testing/auth-fixtures';
import { FlowEditorController } from '../controller/flow-editor.controller';
import type { StepTypeEntry } from '../flow-editor.graphql';
import { branchingFlow } from '../model/model.fixtures';
import { FlowEditorState } from '../state/flow-editor.state';
import { InspectorComponent } from './inspector.component';

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
const flow = {
  id: 'flow-1',
  name: 'Orders',
  description: null,
  tags: [],
  archivedAt: null,
  publishedVersion: null,
  latestVersion: 1,
  draftRevision: 1,
};

describe('InspectorComponent (form generated from the step type JSON Schema)', () => {
  let fixture: ComponentFixture<InspectorComponent>;
  let state: FlowEditorState;
  let root: HTMLElement;

  const open = async (stepId: string, canEdit = true) => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
        FlowEditorState,
        FlowEditorController,
      ],
    });
    state = TestBed.inject(FlowEditorState);
    state.loaded(flow, catalogue, branchingFlow(), 1, canEdit);
    state.select([stepId]);
    fixture = TestBed.createComponent(InspectorComponent);
    root = fixture.nativeElement as HTMLElement;
    await settle();
  };
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const byTestId = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);
  const type = async (element: HTMLInputElement | HTMLTextAreaElement, value: string) => {
    element.value = value;
    element.setSelectionRange(value.length, value.length);
    element.dispatchEvent(new Event('input'));
    await settle();
  };

  beforeEach(() => TestBed.resetTestingModule());

  it('renders the http config from its schema: a method select, a URL template field, headers rows', async () => {
    await open('fetch');
    const method = byTestId<HTMLSelectElement>('config-method')!;
    expect([...method.options].map((o) => o.value)).toEqual([
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'HEAD',
      'OPTIONS',
    ]);
    expect(byTestId<HTMLTextAreaElement>('config-url')!.value).toBe('https://example.com');
    expect(root.querySelector('[data-field="headers"]')?.textContent).toContain('Add headers');
    expect(root.querySelector('[data-field="auth"]')?.textContent).toContain('Secret');

    method.value = 'POST';
    method.dispatchEvent(new Event('change'));
    await settle();
    expect(state.draft().steps[0]?.config['method']).toBe('POST');
  });

  it('edits the common fields and undoes a burst of typing as one step', async () => {
    await open('ok');
    const name = byTestId<HTMLInputElement>('step-name')!;
    await type(name, 'A');
    await type(name, 'Ac');
    await type(name, 'Accept');
    expect(state.draft().steps[2]?.name).toBe('Accept');
    state.undo();
    expect(state.draft().steps[2]?.name).toBeUndefined();
  });

  it('suggests upstream steps in an expression field and inserts the chosen one', async () => {
    await open('ok');
    const expression = byTestId<HTMLTextAreaElement>('config-expression')!;
    await type(expression, 'steps.');
    const options = [...root.querySelectorAll('[data-testid="expression-suggestions"] [role="option"]')];
    expect(options.map((o) => o.querySelector('.mono')?.textContent)).toEqual(['fetch', 'check']);
    expression.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    expression.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();
    expect(expression.value).toBe('steps.check');
    expect(state.draft().steps[2]?.config['expression']).toBe('steps.check');
  });

  it('shows the step’s problems next to its field', async () => {
    await open('ok');
    await type(byTestId<HTMLTextAreaElement>('config-expression')!, 'steps.notify.output');
    expect(byTestId('inspector-problems')?.textContent).toContain('notify');
    expect(byTestId('field-problem')?.textContent).toContain('notify');
  });

  it('disables every field for a role that cannot edit', async () => {
    await open('fetch', false);
    const fields = [...root.querySelectorAll<HTMLInputElement>('input, select, textarea')];
    expect(fields.length).toBeGreaterThan(5);
    expect(fields.every((f) => f.disabled)).toBe(true);
    expect(root.textContent).not.toContain('Add headers');
  });
});
