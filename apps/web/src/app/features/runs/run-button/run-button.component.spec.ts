import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import type { Role } from '@stepline/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  answerData,
  answerProblem,
  expectOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { openRunsComponent, type RunsHarness } from '../testing/runs-test-bed';
import { RunButtonComponent } from './run-button.component';
import type { RunnableFlow } from './run-start.state';

const FLOW: RunnableFlow = {
  id: 'flow-1',
  name: 'Welcome new customer',
  publishedVersion: 2,
  draftRevision: 5,
  archivedAt: null,
};

@Component({
  imports: [RunButtonComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<sl-run-button [flow]="flow()" />`,
})
class HostComponent {
  readonly flow = signal<RunnableFlow>(FLOW);
}

const SCHEMA_DEFINITION = {
  inputSchema: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
  steps: [],
};

describe('RunButtonComponent', () => {
  let page: RunsHarness<HostComponent>;

  afterEach(() => page.http.verify());

  const open = async (role: Role = 'owner', flow: RunnableFlow = FLOW) => {
    page = await openRunsComponent(HostComponent, {
      role,
      before: (fixture) => fixture.componentInstance.flow.set(flow),
    });
  };
  const box = () => page.byTestId<HTMLTextAreaElement>('run-input')!;
  const type = async (text: string) => {
    box().value = text;
    box().dispatchEvent(new Event('input'));
    await page.settle();
  };
  const openDialog = async () => {
    page.byTestId<HTMLButtonElement>('run-button')!.click();
    await page.settle();
  };
  const submit = async () => {
    page.byTestId<HTMLButtonElement>('run-start')!.click();
    await page.settle();
  };

  it('opens a dialog prefilled from the published version’s input schema, starts the run and opens it', async () => {
    await open('operator');
    const navigate = vi.spyOn(page.router, 'navigate').mockResolvedValue(true);
    await openDialog();
    expect(page.byTestId('run-dialog')).not.toBeNull();
    const schema = expectOperation(page.http, 'RunVersionDefinition');
    expect(variablesOf(schema)).toEqual({ flowId: 'flow-1', number: 2 });
    answerData(schema, { flowVersion: { number: 2, definition: SCHEMA_DEFINITION } });
    await page.settle();
    expect(JSON.parse(box().value)).toEqual({ email: '' });

    await type('{"email":"ada@example.com"}');
    await submit();
    const start = expectOperation(page.http, 'StartRun');
    const variables = variablesOf(start) as { flowId: string; input: Record<string, unknown> };
    expect(variables.flowId).toBe('flow-1');
    expect(variables.input['input']).toEqual({ email: 'ada@example.com' });
    expect(variables.input['version']).toBe('2');
    expect(typeof variables.input['idempotencyKey']).toBe('string');
    answerData(start, { startRun: { id: 'run-9', status: 'queued' } });
    await page.settle();
    expect(navigate).toHaveBeenCalledWith(['/runs', 'run-9']);
    expect(page.byTestId('run-dialog')).toBeNull();
  });

  it('refuses to send JSON it cannot read, and says why', async () => {
    await open();
    await openDialog();
    answerData(expectOperation(page.http, 'RunVersionDefinition'), {
      flowVersion: { number: 2, definition: { steps: [] } },
    });
    await page.settle();
    await type('{"email":');
    expect(page.byTestId('run-input-hint')?.textContent).toContain('not valid JSON');
    expect(box().getAttribute('aria-invalid')).toBe('true');
    expect(page.byTestId<HTMLButtonElement>('run-start')!.disabled).toBe(true);
  });

  it('runs the draft as a test run, prefilled from the draft’s schema', async () => {
    await open();
    await openDialog();
    answerData(expectOperation(page.http, 'RunVersionDefinition'), {
      flowVersion: { number: 2, definition: { steps: [] } },
    });
    await page.settle();
    const draft = page.allByTestId<HTMLInputElement>('run-version-option').find((o) => o.value === 'draft')!;
    draft.checked = true;
    draft.dispatchEvent(new Event('change'));
    await page.settle();
    answerData(expectOperation(page.http, 'RunDraftDefinition'), {
      flowDraft: { version: 3, definition: SCHEMA_DEFINITION },
    });
    await page.settle();
    expect(JSON.parse(box().value)).toEqual({ email: '' });
    expect(page.byTestId('run-start')?.textContent?.trim()).toBe('Start test run');
    await submit();
    const start = expectOperation(page.http, 'StartRun');
    expect((variablesOf(start)['input'] as Record<string, unknown>)['version']).toBe('draft');
    answerData(start, { startRun: { id: 'run-10', status: 'queued' } });
    await page.settle();
  });

  it('shows the failing fields of a refused input and reuses the idempotency key only for the same input', async () => {
    await open();
    await openDialog();
    answerData(expectOperation(page.http, 'RunVersionDefinition'), {
      flowVersion: { number: 2, definition: SCHEMA_DEFINITION },
    });
    await page.settle();
    await submit();
    const first = expectOperation(page.http, 'StartRun');
    const keyOf = (request: typeof first) =>
      (variablesOf(request)['input'] as Record<string, unknown>)['idempotencyKey'];
    answerProblem(first, 422, 'validation.failed', {
      errors: [{ path: '/email', code: 'string.min', message: '/email must not be empty' }],
    });
    await page.settle();
    expect(page.byTestId('run-start-error')?.textContent).toContain(
      'The input does not match the flow’s input schema. /email must not be empty.',
    );

    await submit();
    const again = expectOperation(page.http, 'StartRun');
    expect(keyOf(again)).toBe(keyOf(first));
    answerProblem(again, 503, 'dependency.unavailable');
    await page.settle();

    await type('{"email":"ada@example.com"}');
    await submit();
    const changed = expectOperation(page.http, 'StartRun');
    expect(keyOf(changed)).not.toBe(keyOf(first));
    answerData(changed, { startRun: { id: 'run-11', status: 'queued' } });
    await page.settle();
  });

  it('keeps what the user typed when the schema answers late', async () => {
    await open();
    await openDialog();
    await type('{"mine":true}');
    answerData(expectOperation(page.http, 'RunVersionDefinition'), {
      flowVersion: { number: 2, definition: SCHEMA_DEFINITION },
    });
    await page.settle();
    expect(box().value).toBe('{"mine":true}');
    await page.clickButton('Cancel');
    expect(page.byTestId('run-dialog')).toBeNull();
  });

  it('offers only the draft for a flow never published', async () => {
    await open('owner', { ...FLOW, publishedVersion: null });
    await openDialog();
    answerData(expectOperation(page.http, 'RunDraftDefinition'), {
      flowDraft: { version: 1, definition: { steps: [] } },
    });
    await page.settle();
    expect(page.allByTestId('run-version-option')).toHaveLength(0);
    expect(page.byTestId('run-version-only')?.textContent).toContain('Draft');
  });

  it('is not offered to a viewer, nor on an archived flow', async () => {
    await open('viewer');
    expect(page.byTestId('run-button')).toBeNull();
    page.fixture.componentInstance.flow.set({ ...FLOW, archivedAt: '2026-01-01T00:00:00Z' });
    await page.settle();
    expect(page.byTestId('run-button')).toBeNull();
  });

  it('is not offered on an archived flow even to an owner', async () => {
    await open('owner', { ...FLOW, archivedAt: '2026-01-01T00:00:00Z' });
    expect(page.byTestId('run-button')).toBeNull();
  });
});
