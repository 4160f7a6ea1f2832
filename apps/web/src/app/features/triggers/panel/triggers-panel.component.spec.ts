import { ChangeDetectionStrategy, Component } from '@angular/core';
import type { Role } from '@stepline/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, type PageHarness } from '../../admin/testing/admin-test-bed';
import { LIMITS } from '../shared/trigger-form';
import type { Trigger } from '../triggers.graphql';
import { PREVIEW_DEBOUNCE_MS } from './schedule-preview.controller';
import { TriggersPanelComponent } from './triggers-panel.component';

@Component({
  imports: [TriggersPanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<sl-triggers-panel flowId="f-1" [publishedVersion]="2" [latestVersion]="2" />`,
})
class PanelHost {}

@Component({
  imports: [TriggersPanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<sl-triggers-panel flowId="f-1" [publishedVersion]="null" [latestVersion]="null" />`,
})
class UnpublishedHost {}

const webhook = (id: string, overrides: Partial<Trigger> = {}): Trigger => ({
  id,
  flowId: 'f-1',
  kind: 'webhook',
  enabled: true,
  version: null,
  config: {
    methods: ['POST'],
    auth: { type: 'none' },
    responseMode: 'async',
    timeoutSeconds: 10,
    headers: [],
    maxBodyBytes: 1048576,
  },
  hasSecret: false,
  tokenPrefix: `whk_${id}`,
  nextFireTimes: [],
  lastFiredAt: null,
  createdAt: '2026-11-30T10:00:00Z',
  updatedAt: '2026-11-30T10:00:00Z',
  ...overrides,
});

const FIRE_TIMES = [
  '2026-12-01T08:00:00.000Z',
  '2026-12-02T08:00:00.000Z',
  '2026-12-03T08:00:00.000Z',
  '2026-12-04T08:00:00.000Z',
  '2026-12-07T08:00:00.000Z',
];

const schedule = (id: string, overrides: Partial<Trigger> = {}): Trigger =>
  webhook(id, {
    kind: 'schedule',
    config: { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
    tokenPrefix: null,
    nextFireTimes: FIRE_TIMES,
    ...overrides,
  });

const TOKEN = 'whk_SECRETTOKENSECRETTOKEN';

describe('TriggersPanelComponent', () => {
  let page: PageHarness<PanelHost>;
  const writeText = vi.fn(async () => undefined);

  beforeEach(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    writeText.mockClear();
  });
  afterEach(() => page.http.verify());

  const open = async (triggers: Trigger[], role: Role = 'editor') => {
    page = await openAdminPage(PanelHost, role, [{ provide: PREVIEW_DEBOUNCE_MS, useValue: 0 }]);
    const request = expectOperation(page.http, 'FlowTriggers');
    expect(variablesOf(request)).toEqual({ flowId: 'f-1' });
    answerData(request, { triggers });
    await page.settle();
  };
  const card = (id: string) => page.root.querySelector<HTMLElement>(`[data-trigger-id="${id}"]`)!;

  it('lists the flow’s triggers with kind, state, version and the URL by prefix only', async () => {
    await open([
      webhook('t1'),
      webhook('t2', {
        enabled: false,
        version: 1,
        config: { methods: ['PUT'], auth: { type: 'hmac', style: 'github' }, responseMode: 'sync' },
      }),
    ]);
    expect(page.texts('trigger-kind-badge')).toEqual(['Webhook', 'Webhook']);
    expect(page.texts('trigger-state')).toEqual(['Enabled', 'Disabled']);
    expect(page.texts('trigger-version')).toEqual(['Runs the published version', 'Pinned to v1']);
    expect(page.texts('trigger-summary')).toEqual(['POST · no auth · async', 'PUT · HMAC (GitHub) · sync']);
    expect(page.texts('trigger-url')).toEqual(['/hooks/whk_t1…', '/hooks/whk_t2…']);
  });

  it('explains triggers when the flow has none', async () => {
    await open([]);
    expect(page.byTestId('triggers-empty')?.textContent).toContain('No triggers yet');
  });

  it('creates a webhook trigger and shows its URL once, with a copy button and a curl example', async () => {
    await open([]);
    await page.clickButton('+ Webhook');
    fill(page.byTestId<HTMLSelectElement>('webhook-response-mode')!, 'sync');
    await page.settle();
    fill(page.byTestId<HTMLInputElement>('webhook-timeout')!, '5');
    fill(page.byTestId<HTMLInputElement>('webhook-headers')!, 'X-Request-Id');
    page.byTestId('trigger-save')!.click();
    await page.settle();

    const request = expectOperation(page.http, 'CreateTrigger');
    expect(variablesOf(request)).toEqual({
      flowId: 'f-1',
      input: {
        kind: 'webhook',
        enabled: true,
        version: null,
        config: {
          methods: ['POST'],
          auth: { type: 'none' },
          responseMode: 'sync',
          timeoutSeconds: 5,
          headers: ['x-request-id'],
          maxBodyBytes: 1048576,
        },
      },
    });
    const created = webhook('t9', { config: (variablesOf(request)['input'] as { config: object }).config });
    answerData(request, { createTrigger: { token: TOKEN, url: `/hooks/${TOKEN}`, trigger: created } });
    await page.settle();

    const url = `${location.origin}/hooks/${TOKEN}`;
    const revealed = page.byTestId('webhook-url-revealed')!;
    expect(revealed.textContent).toContain('Shown only once');
    expect(page.byTestId<HTMLInputElement>('webhook-url')!.value).toBe(url);
    expect(page.byTestId('curl-example')!.textContent).toContain(`curl -X POST '${url}'`);
    expect(page.byTestId('trigger-editor')).toBeNull();
    expect(page.texts('trigger-url')).toEqual(['/hooks/whk_t9…']);

    page.byTestId('copy-url')!.click();
    await page.settle();
    expect(writeText).toHaveBeenCalledWith(url);
    expect(page.byTestId('copy-url')!.textContent?.trim()).toBe('Copied');

    await page.clickButton('Done', revealed);
    expect(page.byTestId('webhook-url-revealed')).toBeNull();
    expect(page.root.innerHTML).not.toContain('SECRETTOKEN');
  });

  it('checks the form before asking the API and shows the problem next to the field', async () => {
    await open([]);
    await page.clickButton('+ Webhook');
    fill(page.byTestId<HTMLSelectElement>('webhook-auth')!, 'hmac');
    await page.settle();
    page.byTestId('trigger-save')!.click();
    await page.settle();
    expect(page.root.textContent).toContain('Set a secret for this kind of authentication.');
    expectNoOperation(page.http, 'CreateTrigger');
  });

  /** The message shown under a form control (its `.field`), if any. */
  const errorNextTo = (testId: string) =>
    page.byTestId(testId)!.closest('.field')!.querySelector('.field__error')?.textContent?.trim() ?? null;

  it('shows each of the API’s problems next to its field, and the rest in the general message', async () => {
    await open([]);
    await page.clickButton('+ Webhook');
    fill(page.byTestId<HTMLInputElement>('webhook-headers')!, 'x-request-id, x-trace');
    page.byTestId('trigger-save')!.click();
    await page.settle();
    answerProblem(expectOperation(page.http, 'CreateTrigger'), 422, 'validation.failed', {
      errors: [
        { path: '/config/maxBodyBytes', code: 'field.range', message: 'maxBodyBytes must be 1–10485760' },
        { path: '/config/headers/1', code: 'field.invalid', message: 'a header name' },
        { path: '/config/responseMode', code: 'field.enum', message: 'async or sync' },
      ],
    });
    await page.settle();

    // The API counts bytes; the field KiB, so its range is said in KiB.
    expect(errorNextTo('webhook-max-body')).toBe(`1 to ${LIMITS.maxBodyKiB} KiB.`);
    expect(page.byTestId('webhook-max-body')!.getAttribute('aria-invalid')).toBe('true');
    // A problem inside a list (one header of several) belongs to the list's field.
    expect(errorNextTo('webhook-headers')).toBe('A header name.');
    // The response mode has no error slot (the form offers valid values only): it joins the general message.
    const general = page.byTestId('trigger-save-error')!.textContent!;
    expect(general).toContain('Some fields need attention.');
    expect(general).toContain('Async or sync.');
    expect(general).not.toContain('maxBodyBytes');
    expect(general).not.toContain('header name');
    expect(page.byTestId('trigger-editor')).not.toBeNull();

    // A field changed since the refusal drops its problem; the others keep theirs.
    fill(page.byTestId<HTMLInputElement>('webhook-max-body')!, '512');
    await page.settle();
    expect(errorNextTo('webhook-max-body')).toBeNull();
    expect(page.byTestId('webhook-max-body')!.getAttribute('aria-invalid')).toBe('false');
    expect(errorNextTo('webhook-headers')).toBe('A header name.');

    // Saving again starts over: the next answer's problems alone are shown.
    page.byTestId('trigger-save')!.click();
    await page.settle();
    expect(errorNextTo('webhook-headers')).toBeNull();
    expect(page.byTestId('trigger-save-error')).toBeNull();
    answerProblem(expectOperation(page.http, 'CreateTrigger'), 422, 'validation.failed', {
      errors: [{ path: '/version', code: 'field.invalid', message: 'the flow has no published version 3' }],
    });
    await page.settle();
    expect(page.byTestId('trigger-version-error')?.textContent?.trim()).toBe(
      'The flow has no published version 3.',
    );
    expect(errorNextTo('webhook-headers')).toBeNull();
    expect(page.byTestId('trigger-save-error')?.textContent?.trim()).toBe('Some fields need attention.');
  });

  it('shows a schedule’s cron and time-zone problems from the API next to those fields', async () => {
    await open([schedule('s1')]);
    await page.clickButton('Edit', card('s1'));
    answerData(await vi.waitFor(() => expectOperation(page.http, 'PreviewSchedule')), {
      previewSchedule: FIRE_TIMES,
    });
    page.byTestId('trigger-save')!.click();
    await page.settle();
    answerProblem(expectOperation(page.http, 'UpdateTrigger'), 422, 'validation.failed', {
      errors: [
        { path: '/config/timezone', code: 'field.invalid', message: 'unknown time zone "Europe/Berlin"' },
        { path: '/config/cron', code: 'field.invalid', message: 'the cron expression never fires' },
      ],
    });
    await page.settle();
    expect(errorNextTo('schedule-cron')).toBe('The cron expression never fires.');
    expect(errorNextTo('schedule-timezone')).toBe('Unknown time zone "Europe/Berlin".');
    expect(page.byTestId('schedule-cron')!.getAttribute('aria-invalid')).toBe('true');
    expect(page.byTestId('trigger-save-error')?.textContent?.trim()).toBe('Some fields need attention.');
  });

  it('shows a refusal without fields as the general message only', async () => {
    await open([]);
    await page.clickButton('+ Webhook');
    page.byTestId('trigger-save')!.click();
    await page.settle();
    answerProblem(expectOperation(page.http, 'CreateTrigger'), 403, 'permission.denied');
    await page.settle();
    expect(page.byTestId('trigger-save-error')?.textContent?.trim()).toBe(
      'You do not have permission to do that.',
    );
    expect(page.root.querySelectorAll('[data-testid="trigger-editor"] .field__error')).toHaveLength(0);
  });

  it('edits a trigger: the stored secret is kept unless a new one is typed', async () => {
    const stored = webhook('t1', {
      hasSecret: true,
      config: {
        methods: ['POST'],
        auth: { type: 'header', header: 'x-token' },
        responseMode: 'async',
        headers: [],
        maxBodyBytes: 1048576,
      },
    });
    await open([stored]);
    await page.clickButton('Edit', card('t1'));
    expect(page.byTestId<HTMLInputElement>('webhook-secret')!.placeholder).toContain('Stored');
    fill(page.byTestId<HTMLSelectElement>('trigger-version')!, '2');
    page.byTestId('trigger-save')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'UpdateTrigger');
    expect(variablesOf(request)).toEqual({
      id: 't1',
      input: {
        enabled: true,
        version: 2,
        config: {
          methods: ['POST'],
          auth: { type: 'header', header: 'x-token' },
          responseMode: 'async',
          headers: [],
          maxBodyBytes: 1048576,
        },
      },
    });
    answerData(request, { updateTrigger: { ...stored, version: 2 } });
    await page.settle();
    expect(page.texts('trigger-version')).toEqual(['Pinned to v2']);
    expect(page.byTestId('trigger-editor')).toBeNull();
  });

  it('disables and enables a trigger with its switch', async () => {
    await open([webhook('t1')]);
    const toggle = page.byTestId<HTMLInputElement>('trigger-enabled-toggle')!;
    toggle.checked = false;
    toggle.dispatchEvent(new Event('change'));
    const request = expectOperation(page.http, 'UpdateTrigger');
    expect(variablesOf(request)).toEqual({ id: 't1', input: { enabled: false } });
    answerData(request, { updateTrigger: webhook('t1', { enabled: false }) });
    await page.settle();
    expect(page.texts('trigger-state')).toEqual(['Disabled']);
  });

  it('rotates a webhook URL after confirming and shows the new URL once', async () => {
    await open([webhook('t1')]);
    await page.clickButton('Rotate URL', card('t1'));
    expect(card('t1').textContent).toContain('The current URL stops working at once.');
    expectNoOperation(page.http, 'RotateTriggerToken');
    page.byTestId('confirm-yes')!.click();
    const request = expectOperation(page.http, 'RotateTriggerToken');
    expect(variablesOf(request)).toEqual({ id: 't1' });
    answerData(request, {
      rotateTriggerToken: {
        token: TOKEN,
        url: `/hooks/${TOKEN}`,
        trigger: webhook('t1', { tokenPrefix: 'whk_SECRETTOK' }),
      },
    });
    await page.settle();
    expect(page.byTestId('webhook-url-revealed')!.textContent).toContain('The previous URL stopped working.');
    expect(page.byTestId<HTMLInputElement>('webhook-url')!.value).toBe(`${location.origin}/hooks/${TOKEN}`);
  });

  it('deletes a trigger after confirming', async () => {
    await open([webhook('t1'), webhook('t2')]);
    await page.clickButton('Delete', card('t1'));
    page.byTestId('confirm-yes')!.click();
    const request = expectOperation(page.http, 'DeleteTrigger');
    answerData(request, { deleteTrigger: true });
    await page.settle();
    expect(page.allByTestId('trigger-card').map((c) => c.dataset['triggerId'])).toEqual(['t2']);
  });

  it('shows the problem when an action fails', async () => {
    await open([webhook('t1')]);
    await page.clickButton('Delete', card('t1'));
    page.byTestId('confirm-yes')!.click();
    answerProblem(expectOperation(page.http, 'DeleteTrigger'), 404, 'resource.not_found');
    await page.settle();
    expect(page.byTestId('triggers-action-error')).not.toBeNull();
    expect(page.allByTestId('trigger-card')).toHaveLength(1);
  });

  it('shows viewers the triggers without any way to change them', async () => {
    await open([webhook('t1')], 'viewer');
    expect(page.texts('trigger-state')).toEqual(['Enabled']);
    expect(page.byTestId('trigger-enabled-toggle')).toBeNull();
    expect(page.byTestId('add-trigger-webhook')).toBeNull();
    expect(page.byTestId('trigger-edit')).toBeNull();
    expect(card('t1').querySelector('sl-confirm-button')).toBeNull();
  });

  it('shows the problem when the list cannot be loaded and retries', async () => {
    page = await openAdminPage(PanelHost, 'editor');
    expectOperation(page.http, 'FlowTriggers').error(new ProgressEvent('error'));
    await page.settle();
    expect(page.byTestId('triggers-error')?.textContent).toContain('The API cannot be reached.');
    await page.clickButton('Try again');
    answerData(expectOperation(page.http, 'FlowTriggers'), { triggers: [webhook('t1')] });
    await page.settle();
    expect(page.allByTestId('trigger-card')).toHaveLength(1);
  });

  it('creates a schedule with a live preview of its next five fire times in its time zone', async () => {
    await open([]);
    await page.clickButton('+ Schedule');
    // The form opens on a default schedule in the browser's zone, previewed at once.
    answerData(await vi.waitFor(() => expectOperation(page.http, 'PreviewSchedule')), {
      previewSchedule: FIRE_TIMES,
    });
    fill(page.byTestId<HTMLInputElement>('schedule-cron')!, '0 9 * * 1-5');
    fill(page.byTestId<HTMLSelectElement>('schedule-timezone')!, 'Europe/Berlin');
    const preview = await vi.waitFor(() => expectOperation(page.http, 'PreviewSchedule'));
    expect(variablesOf(preview)).toEqual({
      input: { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
    });
    answerData(preview, { previewSchedule: FIRE_TIMES });
    await page.settle();
    const times = page.texts('schedule-fire-time');
    expect(times).toHaveLength(5);
    expect(times[0]).toContain('09:00');
    expect(page.byTestId('schedule-missed-note')?.textContent).toContain('skipped');

    page.byTestId('trigger-save')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'CreateTrigger');
    expect(variablesOf(request)).toEqual({
      flowId: 'f-1',
      input: {
        kind: 'schedule',
        enabled: true,
        version: null,
        config: { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      },
    });
    answerData(request, { createTrigger: { token: null, url: null, trigger: schedule('s1') } });
    await page.settle();
    expect(page.byTestId('webhook-url-revealed')).toBeNull();
    expect(page.texts('trigger-summary')).toEqual(['0 9 * * 1-5 (Europe/Berlin)']);
    expect(page.byTestId('trigger-next-fire')?.textContent).toContain('09:00');
  });

  it('shows the API’s reason when the schedule cannot be previewed', async () => {
    await open([]);
    await page.clickButton('+ Schedule');
    answerData(await vi.waitFor(() => expectOperation(page.http, 'PreviewSchedule')), {
      previewSchedule: FIRE_TIMES,
    });
    fill(page.byTestId<HTMLInputElement>('schedule-cron')!, '0 25 * * *');
    const preview = await vi.waitFor(() => expectOperation(page.http, 'PreviewSchedule'));
    answerProblem(preview, 422, 'validation.failed', {
      errors: [
        { path: '/config/cron', code: 'field.invalid', message: 'cron is not a valid 5-field pattern' },
      ],
    });
    await page.settle();
    expect(page.byTestId('schedule-preview-error')?.textContent).toContain(
      'cron is not a valid 5-field pattern',
    );
  });

  it('does not ask for a preview of a cron expression without five fields', async () => {
    await open([]);
    await page.clickButton('+ Schedule');
    answerData(await vi.waitFor(() => expectOperation(page.http, 'PreviewSchedule')), {
      previewSchedule: FIRE_TIMES,
    });
    fill(page.byTestId<HTMLInputElement>('schedule-cron')!, '0 9 *');
    await page.settle();
    expect(page.byTestId('schedule-preview-error')?.textContent).toContain('five fields');
    expectNoOperation(page.http, 'PreviewSchedule');
  });

  it('lists a schedule with its next fire time and when it last fired, and a disabled one as not scheduled', async () => {
    await open([
      schedule('s1', { lastFiredAt: new Date().toISOString() }),
      schedule('s2', { enabled: false, nextFireTimes: [] }),
    ]);
    expect(page.allByTestId('trigger-fire-times')[0].querySelectorAll('li')).toHaveLength(5);
    expect(page.texts('trigger-last-fired')).toEqual(['Last fired just now']);
    expect(page.texts('trigger-next-fire')[1]).toBe('Not scheduled while disabled');
    expect(card('s1').querySelector('[data-testid="trigger-rotate"]')).toBeNull();
  });

  it('creates an event trigger with a filter', async () => {
    await open([]);
    await page.clickButton('+ Event');
    fill(page.byTestId<HTMLInputElement>('event-name')!, 'message.received');
    const filter = page.byTestId<HTMLTextAreaElement>('event-filter')!;
    filter.value = "payload.text = 'help'";
    filter.dispatchEvent(new Event('input'));
    page.byTestId('trigger-save')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'CreateTrigger');
    expect((variablesOf(request)['input'] as { config: unknown }).config).toEqual({
      event: 'message.received',
      filter: "payload.text = 'help'",
    });
    answerData(request, {
      createTrigger: {
        token: null,
        url: null,
        trigger: webhook('e1', { kind: 'event', config: { event: 'message.received', filter: 'x' } }),
      },
    });
    await page.settle();
    expect(page.texts('trigger-summary')).toEqual(['message.received · filtered']);
  });

  it('refuses a filter that does not parse next to it, and sends nothing', async () => {
    await open([]);
    await page.clickButton('+ Event');
    fill(page.byTestId<HTMLInputElement>('event-name')!, 'message.received');
    const filter = page.byTestId<HTMLTextAreaElement>('event-filter')!;
    filter.value = 'payload.text = (';
    filter.dispatchEvent(new Event('input'));
    page.byTestId('trigger-save')!.click();
    await page.settle();
    expect(page.byTestId('event-filter-error')?.textContent).toContain('does not parse');
    expect(filter.getAttribute('aria-invalid')).toBe('true');
    expectNoOperation(page.http, 'CreateTrigger');
  });

  it('warns that a flow without a published version starts nothing yet', async () => {
    page = (await openAdminPage(UnpublishedHost, 'editor')) as unknown as PageHarness<PanelHost>;
    answerData(expectOperation(page.http, 'FlowTriggers'), { triggers: [] });
    await page.settle();
    expect(page.byTestId('triggers-unpublished')?.textContent).toContain('no published version yet');
  });

  it('shows no warning once the flow is published', async () => {
    await open([]);
    expect(page.byTestId('triggers-unpublished')).toBeNull();
  });
});
