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
import type { WebhookDelivery, WebhookEndpoint } from './webhooks.graphql';
import { WebhooksPage } from './webhooks.page';

const endpoint = (name: string, overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: `e-${name}`,
  url: `https://${name}.example.com/hook`,
  description: null,
  eventTypes: ['*'],
  enabled: true,
  disabledReason: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

const delivery = (id: string, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  eventType: 'run.succeeded',
  status: 'delivered',
  attempts: 1,
  lastStatusCode: 200,
  lastError: null,
  nextAttemptAt: null,
  deliveredAt: '2026-01-01T00:00:01Z',
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

const SECRET = 'whsec_c2VjcmV0LXNob3duLW9uY2UtYW5kLW5ldmVyLWFnYWlu';

describe('WebhooksPage', () => {
  let page: PageHarness<WebhooksPage>;

  afterEach(() => page.http.verify());

  const listRequest = (): TestRequest => expectOperation(page.http, 'WebhookEndpoints');
  const open = async (endpoints: WebhookEndpoint[], role: 'owner' | 'admin' = 'admin') => {
    page = await openAdminPage(WebhooksPage, role);
    expect(page.byTestId('webhooks-loading')).not.toBeNull();
    answerData(listRequest(), { webhookEndpoints: { data: endpoints, nextCursor: null } });
    await page.settle();
  };
  const row = (name: string) =>
    page.root.querySelector<HTMLElement>(`[data-url="https://${name}.example.com/hook"]`)!;
  const submit = async () => {
    page.byTestId('webhook-submit')!.click();
    await page.settle();
  };

  it('lists endpoints with their events and status, and explains them when there are none', async () => {
    await open([
      endpoint('crm', { eventTypes: ['run.failed', 'run.timed_out'], description: 'CRM' }),
      endpoint('gone', { enabled: false, disabledReason: 'gone' }),
    ]);
    expect(page.texts('webhook-url-cell')).toEqual([
      'https://crm.example.com/hook',
      'https://gone.example.com/hook',
    ]);
    expect(page.texts('webhook-events-cell')).toEqual(['run.failed, run.timed_out', 'All events']);
    expect(page.texts('webhook-status-cell')).toEqual(['Enabled', 'Disabled (410 Gone)']);
    expect(row('crm').textContent).toContain('CRM');
  });

  it('says what endpoints are for when there are none', async () => {
    await open([]);
    expect(page.byTestId('webhooks-empty')?.textContent).toContain('signed');
  });

  it('asks for an https URL and at least one event before creating', async () => {
    await open([]);
    fill(page.byTestId<HTMLInputElement>('webhook-url')!, 'not a url');
    page.byTestId<HTMLInputElement>('webhook-event-all')!.click();
    await page.settle();
    await submit();
    expect(page.byTestId('webhook-url-error')).not.toBeNull();
    expect(page.byTestId('webhook-events-error')).not.toBeNull();
    expectNoOperation(page.http, 'CreateWebhookEndpoint');
  });

  it('creates an endpoint for picked events and shows its secret once, with a copy button', async () => {
    await open([]);
    fill(page.byTestId<HTMLInputElement>('webhook-url')!, 'https://crm.example.com/hook');
    fill(page.byTestId<HTMLInputElement>('webhook-description')!, ' CRM ');
    page.byTestId<HTMLInputElement>('webhook-event-all')!.click();
    await page.settle();
    page.byTestId<HTMLInputElement>('webhook-event-run.failed')!.click();
    page.byTestId<HTMLInputElement>('webhook-event-run.succeeded')!.click();
    await page.settle();
    await submit();
    const request = expectOperation(page.http, 'CreateWebhookEndpoint');
    expect(variablesOf(request)).toEqual({
      input: {
        url: 'https://crm.example.com/hook',
        description: 'CRM',
        eventTypes: ['run.succeeded', 'run.failed'],
      },
    });
    answerData(request, {
      createWebhookEndpoint: {
        secret: SECRET,
        endpoint: endpoint('crm', { eventTypes: ['run.succeeded', 'run.failed'] }),
      },
    });
    await page.settle();
    expect(page.texts('webhook-url-cell')).toEqual(['https://crm.example.com/hook']);
    expect(page.byTestId<HTMLInputElement>('secret-value')!.value).toBe(SECRET);
    expect(page.byTestId('secret-copy')).not.toBeNull();
    expect(page.byTestId<HTMLInputElement>('webhook-url')!.value).toBe('');
    page.byTestId('secret-dismiss')!.click();
    await page.settle();
    expect(page.root.innerHTML).not.toContain(SECRET);
  });

  it('shows the API’s refusal of a URL and keeps the form', async () => {
    await open([]);
    fill(page.byTestId<HTMLInputElement>('webhook-url')!, 'http://crm.example.com/hook');
    await submit();
    answerProblem(expectOperation(page.http, 'CreateWebhookEndpoint'), 422, 'validation.failed', {
      errors: [{ path: '/url', code: 'field.invalid', message: 'url must be an https URL' }],
    });
    await page.settle();
    expect(page.byTestId('webhook-create-error')).not.toBeNull();
    expect(page.byTestId<HTMLInputElement>('webhook-url')!.value).toBe('http://crm.example.com/hook');
  });

  it('edits an endpoint’s URL and events', async () => {
    await open([endpoint('crm', { eventTypes: ['run.failed'] })]);
    await page.clickButton('Edit', row('crm'));
    const editor = page.byTestId('webhook-editor-row')!;
    const url = editor.querySelector<HTMLInputElement>('[data-testid="webhook-url"]')!;
    expect(url.value).toBe('https://crm.example.com/hook');
    expect(editor.querySelector<HTMLInputElement>('[data-testid="webhook-event-run.failed"]')!.checked).toBe(
      true,
    );
    fill(url, 'https://crm2.example.com/hook');
    editor.querySelector<HTMLButtonElement>('[data-testid="webhook-submit"]')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'UpdateWebhookEndpoint');
    expect(variablesOf(request)).toEqual({
      id: 'e-crm',
      input: { url: 'https://crm2.example.com/hook', description: null, eventTypes: ['run.failed'] },
    });
    answerData(request, {
      updateWebhookEndpoint: endpoint('crm', {
        url: 'https://crm2.example.com/hook',
        eventTypes: ['run.failed'],
      }),
    });
    await page.settle();
    expect(page.byTestId('webhook-editor-row')).toBeNull();
    expect(page.texts('webhook-url-cell')).toEqual(['https://crm2.example.com/hook']);
  });

  it('rotates the secret after confirming and shows the new one once', async () => {
    await open([endpoint('crm')]);
    await page.clickButton('Rotate secret', row('crm'));
    page.byTestId('confirm-yes')!.click();
    const request = expectOperation(page.http, 'RotateWebhookEndpointSecret');
    expect(variablesOf(request)).toEqual({ id: 'e-crm' });
    answerData(request, {
      rotateWebhookEndpointSecret: {
        secret: SECRET,
        endpoint: endpoint('crm', { previousSecretExpiresAt: '2026-01-02T00:00:00Z' }),
      },
    });
    await page.settle();
    expect(page.root.textContent).toContain('New signing secret');
    expect(page.root.textContent).toContain('keeps signing for 24 hours');
    expect(page.byTestId<HTMLInputElement>('secret-value')!.value).toBe(SECRET);
  });

  it('disables and deletes an endpoint', async () => {
    await open([endpoint('crm'), endpoint('other')]);
    await page.clickButton('Disable', row('crm'));
    const toggle = expectOperation(page.http, 'UpdateWebhookEndpoint');
    expect(variablesOf(toggle)).toEqual({ id: 'e-crm', input: { enabled: false } });
    answerData(toggle, { updateWebhookEndpoint: endpoint('crm', { enabled: false }) });
    await page.settle();
    expect(page.texts('webhook-status-cell')).toEqual(['Disabled', 'Enabled']);
    await page.clickButton('Delete', row('crm'));
    page.byTestId('confirm-yes')!.click();
    answerData(expectOperation(page.http, 'DeleteWebhookEndpoint'), { deleteWebhookEndpoint: true });
    await page.settle();
    expect(page.texts('webhook-url-cell')).toEqual(['https://other.example.com/hook']);
  });

  it('opens the delivery log with status codes and redelivers one', async () => {
    await open([endpoint('crm')]);
    await page.clickButton('Deliveries', row('crm'));
    const list = expectOperation(page.http, 'WebhookDeliveries');
    expect(variablesOf(list)).toMatchObject({ endpointId: 'e-crm' });
    answerData(list, {
      webhookDeliveries: {
        data: [
          delivery('d1'),
          delivery('d2', { status: 'failed', attempts: 15, lastStatusCode: 500, deliveredAt: null }),
          delivery('d3', { status: 'pending', attempts: 2, lastStatusCode: null, lastError: 'net.timeout' }),
        ],
        nextCursor: null,
      },
    });
    await page.settle();
    expect(page.texts('delivery-status')).toEqual(['Delivered', 'Failed', 'Retrying (2 attempts)']);
    expect(page.texts('delivery-answer')).toEqual(['HTTP 200', 'HTTP 500', 'net.timeout']);
    page.allByTestId('delivery-redeliver')[1]!.click();
    await page.settle();
    const redeliver = expectOperation(page.http, 'RedeliverWebhookDelivery');
    expect(variablesOf(redeliver)).toEqual({ id: 'd2' });
    answerData(redeliver, {
      redeliverWebhookDelivery: delivery('d2', { status: 'pending', attempts: 15, lastStatusCode: 500 }),
    });
    await page.settle();
    expect(page.texts('delivery-status')[1]).toBe('Retrying (15 attempts)');
    expect(page.byTestId('webhooks-notice')?.textContent).toContain('Redelivery queued');
  });
});
