import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { EMPTY } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AUTH_STORAGE } from '../../../../core/auth/auth.store';
import { MemoryStorage } from '../../../../core/auth/testing/auth-fixtures';
import { branchingFlow } from '../../model/model.fixtures';
import { FlowEditorState } from '../../state/flow-editor.state';
import { TEST_RUNNER, type TestRunView } from '../../test-run/test-run.seam';
import { ExpressionInputComponent } from './expression-input.component';

const lastRun: TestRunView = {
  runId: 'run-1',
  status: 'succeeded',
  stepStatuses: { fetch: 'succeeded' },
  lastOutputs: { fetch: { status: 200 } },
  input: { email: 'ada@example.com' },
  steps: { fetch: { status: 'succeeded', output: { status: 200 } } },
  flowId: 'flow-1',
  startedAt: '2026-11-30T17:00:00.000Z',
  trigger: 'manual',
};
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

describe('ExpressionInputComponent live preview', () => {
  let fixture: ComponentFixture<ExpressionInputComponent>;
  let root: HTMLElement;

  const open = (view: TestRunView | null, value: string, kind: 'expression' | 'template') => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
        FlowEditorState,
        { provide: TEST_RUNNER, useValue: { last: signal(view), run: () => EMPTY } },
      ],
    });
    TestBed.inject(FlowEditorState).loaded(flow, [], branchingFlow(), 1, true);
    fixture = TestBed.createComponent(ExpressionInputComponent);
    fixture.componentRef.setInput('value', value);
    fixture.componentRef.setInput('kind', kind);
    fixture.componentRef.setInput('stepId', 'ok');
    fixture.detectChanges();
    root = fixture.nativeElement as HTMLElement;
  };
  const field = () => root.querySelector('input') as HTMLInputElement;
  const preview = () => root.querySelector('[data-testid="expression-preview"]');
  /** The preview is debounced and evaluated asynchronously: wait for it, with a deadline. */
  const until = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 3000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      fixture.detectChanges();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('previews nothing for an unfocused field', () => {
    open(lastRun, 'input.email', 'expression');
    expect(preview()).toBeNull();
  });

  it('asks for a test run when there is none yet', () => {
    open(null, 'input.email', 'expression');
    field().dispatchEvent(new Event('focus'));
    fixture.detectChanges();
    expect(preview()?.textContent).toContain('Run a test to preview');
  });

  it('shows the value of the focused expression and follows typing', async () => {
    open(lastRun, 'input.email', 'expression');
    field().dispatchEvent(new Event('focus'));
    const value = () => root.querySelector('[data-testid="expression-preview-value"]')?.textContent ?? '';
    await until(() => value() !== '', 'the preview');
    expect(value()).toBe('"ada@example.com"');

    fixture.componentRef.setInput('value', 'steps.fetch.output.status + 1');
    await until(() => value() === '201', 'the new preview');
  });

  it('interpolates a template', async () => {
    open(lastRun, 'Hello {{ input.email }}', 'template');
    field().dispatchEvent(new Event('focus'));
    const value = () => root.querySelector('[data-testid="expression-preview-value"]')?.textContent ?? '';
    await until(() => value() !== '', 'the preview');
    expect(value()).toBe('"Hello ada@example.com"');
  });

  it('shows an evaluation error with its code and message', async () => {
    open(lastRun, '$nope(', 'expression');
    field().dispatchEvent(new Event('focus'));
    const error = () => root.querySelector('[data-testid="expression-preview-error"]')?.textContent ?? '';
    await until(() => error() !== '', 'the error');
    expect(error()).toContain('expression.');
  });
});
