import type { Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { afterEach, describe, expect, it } from 'vitest';
import { answerData, expectOperation, variablesOf } from '../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, type PageHarness } from '../admin/testing/admin-test-bed';
import type { TenantTrigger } from './triggers.graphql';
import { TriggersPage } from './triggers.page';

// The admin harness takes `Provider[]`; TestBed accepts environment providers there too.
const router = provideRouter([]) as unknown as Provider;

const trigger = (id: string, overrides: Partial<TenantTrigger> = {}): TenantTrigger => ({
  id,
  flowId: `flow-${id}`,
  flowName: `Flow ${id}`,
  kind: 'webhook',
  enabled: true,
  version: null,
  config: { methods: ['POST'], auth: { type: 'none' }, responseMode: 'async' },
  hasSecret: false,
  tokenPrefix: 'whk_abc',
  nextFireTimes: [],
  lastFiredAt: null,
  createdAt: '2026-11-30T10:00:00Z',
  updatedAt: '2026-11-30T10:00:00Z',
  ...overrides,
});

describe('TriggersPage', () => {
  let page: PageHarness<TriggersPage>;

  afterEach(() => page.http.verify());

  const open = async (triggers: TenantTrigger[]) => {
    page = await openAdminPage(TriggersPage, 'viewer', [router]);
    expect(page.byTestId('triggers-loading')).not.toBeNull();
    const request = expectOperation(page.http, 'TenantTriggers');
    expect(variablesOf(request)).toEqual({ kind: null });
    answerData(request, { triggers });
    await page.settle();
  };

  it('lists the workspace’s triggers with flow, kind, state and next fire time', async () => {
    await open([
      trigger('a'),
      trigger('b', {
        kind: 'schedule',
        enabled: false,
        config: { mode: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' },
        nextFireTimes: ['2026-12-01T01:30:00.000Z'],
        lastFiredAt: new Date().toISOString(),
      }),
    ]);
    expect(page.texts('trigger-flow-link')).toEqual(['Flow a', 'Flow b']);
    expect(page.texts('trigger-kind')).toEqual(['Webhook', 'Schedule']);
    expect(page.texts('trigger-state')).toEqual(['Enabled', 'Disabled']);
    expect(page.texts('trigger-summary')).toEqual(['POST · no auth · async', '30 2 * * * (Europe/Berlin)']);
    expect(page.texts('trigger-next-fire')[0]).toBe('—');
    expect(page.texts('trigger-next-fire')[1]).toContain('02:30');
    expect(page.root.textContent).toContain('just now');
  });

  it('links each trigger to its flow’s triggers tab', async () => {
    await open([trigger('a')]);
    expect(page.byTestId<HTMLAnchorElement>('trigger-flow-link')!.getAttribute('href')).toBe(
      '/flows/flow-a?panel=triggers&trigger=a',
    );
  });

  it('filters by kind', async () => {
    await open([trigger('a')]);
    fill(page.byTestId<HTMLSelectElement>('triggers-kind-filter')!, 'schedule');
    const request = expectOperation(page.http, 'TenantTriggers');
    expect(variablesOf(request)).toEqual({ kind: 'schedule' });
    answerData(request, { triggers: [] });
    await page.settle();
    expect(page.byTestId('empty-state')?.textContent).toContain('No triggers yet');
  });

  it('says when only the first 100 are shown', async () => {
    await open(Array.from({ length: 100 }, (_, i) => trigger(`t${i}`)));
    expect(page.byTestId('triggers-limit')).not.toBeNull();
  });

  it('shows the problem when the list cannot be loaded and retries', async () => {
    page = await openAdminPage(TriggersPage, 'viewer', [router]);
    expectOperation(page.http, 'TenantTriggers').error(new ProgressEvent('error'));
    await page.settle();
    expect(page.byTestId('triggers-error')?.textContent).toContain('The API cannot be reached.');
    await page.clickButton('Try again');
    answerData(expectOperation(page.http, 'TenantTriggers'), { triggers: [trigger('a')] });
    await page.settle();
    expect(page.allByTestId('trigger-row')).toHaveLength(1);
  });
});
