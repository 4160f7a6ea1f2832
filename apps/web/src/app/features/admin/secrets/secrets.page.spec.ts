import type { TestRequest } from '@angular/common/http/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  graphqlBody,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, type PageHarness } from '../testing/admin-test-bed';
import type { Secret } from './secrets.graphql';
import { SecretsPage } from './secrets.page';

const secret = (name: string, overrides: Partial<Secret> = {}): Secret => ({
  id: `s-${name}`,
  name,
  description: null,
  keyId: 'k1',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  lastUsedAt: null,
  ...overrides,
});

const VALUE = 'super-secret-value-4711';

describe('SecretsPage', () => {
  let page: PageHarness<SecretsPage>;

  afterEach(() => page.http.verify());

  const listRequest = (): TestRequest => expectOperation(page.http, 'Secrets');
  const open = async (secrets: Secret[], role: 'owner' | 'admin' = 'admin') => {
    page = await openAdminPage(SecretsPage, role);
    expect(page.byTestId('secrets-loading')).not.toBeNull();
    answerData(listRequest(), { secrets: { data: secrets, nextCursor: null } });
    await page.settle();
  };
  const row = (name: string) => page.root.querySelector<HTMLElement>(`[data-name="${name}"]`)!;
  const submit = async () => {
    page.byTestId('secret-submit')!.click();
    await page.settle();
  };
  const fillForm = (name: string, value: string, description = '') => {
    fill(page.byTestId<HTMLInputElement>('secret-name')!, name);
    fill(page.byTestId<HTMLInputElement>('secret-value')!, value);
    fill(page.byTestId<HTMLInputElement>('secret-description')!, description);
  };

  it('lists secrets by name and description with a masked value, never asking the API for one', async () => {
    await open([
      secret('CRM_TOKEN', { description: 'CRM production', lastUsedAt: new Date().toISOString() }),
      secret('PEM_KEY'),
    ]);
    expect(page.texts('secret-name-cell')).toEqual(['CRM_TOKEN', 'PEM_KEY']);
    expect(row('CRM_TOKEN').textContent).toContain('CRM production');
    expect(row('CRM_TOKEN').textContent).toContain('••••••••');
    expect(row('CRM_TOKEN').textContent).toContain('just now');
    expect(row('PEM_KEY').textContent).toContain('Never');
  });

  it('explains secrets when there are none', async () => {
    await open([]);
    expect(page.byTestId('secrets-empty')?.textContent).toContain('secrets.NAME');
  });

  it('checks the name against the pattern and asks for a value before creating', async () => {
    await open([]);
    fillForm('lower-case', '');
    await submit();
    expect(page.byTestId('secret-name-error')).not.toBeNull();
    expect(page.byTestId('secret-value-error')).not.toBeNull();
    expectNoOperation(page.http, 'CreateSecret');
  });

  it('creates a secret, lists it and clears the value from the form and the page', async () => {
    await open([]);
    fillForm('CRM_TOKEN', VALUE, ' CRM production ');
    await submit();
    const request = expectOperation(page.http, 'CreateSecret');
    expect(variablesOf(request)).toEqual({
      input: { name: 'CRM_TOKEN', value: VALUE, description: 'CRM production' },
    });
    // The document asks for no value back.
    expect(graphqlBody(request).query).not.toMatch(/\bvalue\b\s*[}\n]/);
    answerData(request, { createSecret: secret('CRM_TOKEN', { description: 'CRM production' }) });
    await page.settle();
    expect(page.texts('secret-name-cell')).toEqual(['CRM_TOKEN']);
    expect(page.byTestId('secrets-notice')?.textContent).toContain('Secret CRM_TOKEN stored.');
    expect(page.byTestId<HTMLTextAreaElement>('secret-value')!.value).toBe('');
    expect(page.byTestId<HTMLInputElement>('secret-name')!.value).toBe('');
    expect(page.root.innerHTML).not.toContain(VALUE);
  });

  it('keeps the form and says so when the name is taken', async () => {
    await open([secret('CRM_TOKEN')]);
    fillForm('CRM_TOKEN', VALUE);
    await submit();
    answerProblem(expectOperation(page.http, 'CreateSecret'), 409, 'secret.name_taken');
    await page.settle();
    expect(page.byTestId('secret-create-error')?.textContent).toContain(
      'A secret with this name already exists.',
    );
    expect(page.byTestId<HTMLInputElement>('secret-name')!.value).toBe('CRM_TOKEN');
  });

  it('replaces a value without ever showing the old or the new one', async () => {
    await open([secret('CRM_TOKEN')]);
    await page.clickButton('Replace value', row('CRM_TOKEN'));
    const editor = page.byTestId<HTMLInputElement>('secret-new-value')!;
    expect(editor.value).toBe('');
    fill(editor, VALUE);
    page.byTestId('secret-editor-save')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'UpdateSecret');
    expect(variablesOf(request)).toEqual({ id: 's-CRM_TOKEN', input: { value: VALUE } });
    answerData(request, { updateSecret: secret('CRM_TOKEN', { keyId: 'k2' }) });
    await page.settle();
    expect(page.byTestId('secret-editor-row')).toBeNull();
    expect(page.byTestId('secrets-notice')?.textContent).toContain('Value of CRM_TOKEN replaced.');
    expect(page.root.innerHTML).not.toContain(VALUE);
  });

  it('refuses an empty new value in the editor without calling the API', async () => {
    await open([secret('CRM_TOKEN')]);
    await page.clickButton('Replace value', row('CRM_TOKEN'));
    page.byTestId('secret-editor-save')!.click();
    await page.settle();
    expect(page.byTestId('secret-editor-problem')?.textContent).toContain('Enter a value');
    expectNoOperation(page.http, 'UpdateSecret');
  });

  it('edits and clears a description, showing the API’s refusal in the editor', async () => {
    await open([secret('CRM_TOKEN', { description: 'old' })]);
    await page.clickButton('Edit description', row('CRM_TOKEN'));
    const input = page.byTestId<HTMLInputElement>('secret-new-description')!;
    expect(input.value).toBe('old');
    fill(input, '   ');
    page.byTestId('secret-editor-save')!.click();
    await page.settle();
    const refused = expectOperation(page.http, 'UpdateSecret');
    expect(variablesOf(refused)).toEqual({ id: 's-CRM_TOKEN', input: { description: null } });
    answerProblem(refused, 403, 'permission.denied');
    await page.settle();
    expect(page.byTestId('secret-editor-error')?.textContent).toContain('You do not have permission');
    page.byTestId('secret-editor-save')!.click();
    await page.settle();
    answerData(expectOperation(page.http, 'UpdateSecret'), { updateSecret: secret('CRM_TOKEN') });
    await page.settle();
    expect(row('CRM_TOKEN').textContent).toContain('—');
    expect(page.byTestId('secret-editor-row')).toBeNull();
  });

  it('deletes a secret after confirming', async () => {
    await open([secret('CRM_TOKEN'), secret('OTHER')]);
    await page.clickButton('Delete', row('CRM_TOKEN'));
    expect(row('CRM_TOKEN').textContent).toContain('Flows that use it will fail.');
    page.byTestId('confirm-yes')!.click();
    const request = expectOperation(page.http, 'DeleteSecret');
    expect(variablesOf(request)).toEqual({ id: 's-CRM_TOKEN' });
    answerData(request, { deleteSecret: true });
    await page.settle();
    expect(page.texts('secret-name-cell')).toEqual(['OTHER']);
  });

  it('shows the problem when deleting fails and keeps the row', async () => {
    await open([secret('CRM_TOKEN')]);
    await page.clickButton('Delete', row('CRM_TOKEN'));
    page.byTestId('confirm-yes')!.click();
    answerProblem(expectOperation(page.http, 'DeleteSecret'), 404, 'resource.not_found');
    await page.settle();
    expect(page.byTestId('secrets-action-error')).not.toBeNull();
    expect(page.texts('secret-name-cell')).toEqual(['CRM_TOKEN']);
  });

  it('shows the problem when the list cannot be loaded and retries', async () => {
    page = await openAdminPage(SecretsPage);
    listRequest().error(new ProgressEvent('error'));
    await page.settle();
    expect(page.byTestId('secrets-error')?.textContent).toContain('The API cannot be reached.');
    await page.clickButton('Try again');
    answerData(listRequest(), { secrets: { data: [secret('CRM_TOKEN')], nextCursor: null } });
    await page.settle();
    expect(page.texts('secret-name-cell')).toEqual(['CRM_TOKEN']);
  });
});
