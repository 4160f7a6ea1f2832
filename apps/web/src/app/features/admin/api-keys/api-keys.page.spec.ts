import type { TestRequest } from '@angular/common/http/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, type PageHarness } from '../testing/admin-test-bed';
import type { ApiKey } from './api-keys.graphql';
import { ApiKeysPage } from './api-keys.page';

const key = (name: string, overrides: Partial<ApiKey> = {}): ApiKey => ({
  id: `k-${name}`,
  name,
  prefix: `sl_live_${name.slice(0, 4)}`,
  scopes: ['flows:read'],
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

describe('ApiKeysPage', () => {
  let page: PageHarness<ApiKeysPage>;

  afterEach(() => page.http.verify());

  const listRequest = (): TestRequest => expectOperation(page.http, 'ApiKeys');
  const keysPage = (data: ApiKey[]) => ({ apiKeys: { data, nextCursor: null } });
  const open = async (keys: ApiKey[]) => {
    page = await openAdminPage(ApiKeysPage);
    expect(page.byTestId('api-keys-loading')).not.toBeNull();
    answerData(listRequest(), keysPage(keys));
    await page.settle();
  };
  const row = (name: string) => page.root.querySelector<HTMLElement>(`[data-name="${name}"]`)!;
  const scope = (name: string) => page.root.querySelector<HTMLInputElement>(`[data-scope="${name}"]`)!;
  const submit = async () => {
    page.byTestId('api-key-submit')!.click();
    await page.settle();
  };

  it('lists keys by prefix with scopes, last use, expiry and state', async () => {
    await open([
      key('CI', { scopes: ['flows:read', 'runs:write'], lastUsedAt: new Date().toISOString() }),
      key('Old', { revokedAt: '2026-01-02T00:00:00Z' }),
      key('Past', { expiresAt: '2020-01-01T00:00:00Z' }),
    ]);
    expect(page.texts('api-key-prefix')).toEqual(['sl_live_CI…', 'sl_live_Old…', 'sl_live_Past…']);
    expect(page.texts('api-key-status')).toEqual(['Active', 'Revoked', 'Expired']);
    expect(row('CI').textContent).toContain('flows:read, runs:write');
    expect(row('CI').textContent).toContain('just now');
    expect(row('Old').textContent).toContain('Never');
    expect(row('Old').querySelector('sl-confirm-button')).toBeNull();
  });

  it('explains keys when there are none', async () => {
    await open([]);
    expect(page.byTestId('api-keys-empty')?.textContent).toContain('No API keys yet');
  });

  it('asks for a name and a scope before creating', async () => {
    await open([]);
    await submit();
    expect(page.root.textContent).toContain('Give the key a name.');
    expect(page.root.textContent).toContain('Choose at least one scope.');
    expectNoOperation(page.http, 'CreateApiKey');
  });

  it('creates a key, shows it once, lists it without the key and forgets it when dismissed', async () => {
    await open([]);
    fill(page.byTestId<HTMLInputElement>('api-key-name')!, ' Deploys ');
    scope('flows:read').click();
    scope('runs:write').click();
    fill(page.byTestId<HTMLInputElement>('api-key-expiry')!, '2030-06-01');
    await submit();

    const request = expectOperation(page.http, 'CreateApiKey');
    expect(variablesOf(request)).toEqual({
      input: {
        name: 'Deploys',
        scopes: ['flows:read', 'runs:write'],
        expiresAt: new Date('2030-06-01T00:00:00').toISOString(),
      },
    });
    const created = key('Deploys', { scopes: ['flows:read', 'runs:write'], prefix: 'sl_live_Ab3x' });
    answerData(request, { createApiKey: { ...created, key: 'sl_live_Ab3xSECRETSECRET' } });
    await page.settle();

    const panel = page.byTestId('api-key-revealed')!;
    expect(panel.textContent).toContain('shown only once');
    expect(panel.querySelector<HTMLInputElement>('input')!.value).toBe('sl_live_Ab3xSECRETSECRET');
    expect(page.texts('api-key-prefix')).toEqual(['sl_live_Ab3x…']);
    expect(page.byTestId<HTMLInputElement>('api-key-name')!.value).toBe('');
    expect(scope('flows:read').checked).toBe(false);

    await page.clickButton('Done', panel);
    expect(page.byTestId('api-key-revealed')).toBeNull();
    expect(page.root.innerHTML).not.toContain('SECRETSECRET');
  });

  it('shows the failing fields when the API refuses the key', async () => {
    await open([]);
    fill(page.byTestId<HTMLInputElement>('api-key-name')!, 'Deploys');
    scope('admin').click();
    await submit();
    answerProblem(expectOperation(page.http, 'CreateApiKey'), 400, 'validation.failed', {
      errors: [{ path: '/expiresAt', code: 'field.invalid', message: 'expiresAt must be in the future' }],
    });
    await page.settle();
    expect(page.byTestId('api-key-create-error')?.textContent).toContain(
      'Some fields need attention. expiresAt must be in the future.',
    );
    expect(page.byTestId('api-key-revealed')).toBeNull();
  });

  it('revokes a key after confirming and shows it revoked', async () => {
    await open([key('CI')]);
    await page.clickButton('Revoke', row('CI'));
    expect(row('CI').textContent).toContain('Calls with it will fail.');
    page.byTestId('confirm-yes')!.click();
    const request = expectOperation(page.http, 'RevokeApiKey');
    expect(variablesOf(request)).toEqual({ id: 'k-CI' });
    answerData(request, { revokeApiKey: true });
    await page.settle();
    expect(page.texts('api-key-status')).toEqual(['Revoked']);
  });

  it('shows the problem when revoking fails', async () => {
    await open([key('CI')]);
    await page.clickButton('Revoke', row('CI'));
    page.byTestId('confirm-yes')!.click();
    answerProblem(expectOperation(page.http, 'RevokeApiKey'), 403, 'permission.denied');
    await page.settle();
    expect(page.byTestId('api-keys-action-error')?.textContent).toContain('You do not have permission');
    expect(page.texts('api-key-status')).toEqual(['Active']);
  });

  it('shows the problem when the list cannot be loaded and retries', async () => {
    page = await openAdminPage(ApiKeysPage);
    listRequest().error(new ProgressEvent('error'));
    await page.settle();
    expect(page.byTestId('api-keys-error')?.textContent).toContain('The API cannot be reached.');
    await page.clickButton('Try again');
    answerData(listRequest(), keysPage([key('CI')]));
    await page.settle();
    expect(page.texts('api-key-prefix')).toEqual(['sl_live_CI…']);
  });
});
