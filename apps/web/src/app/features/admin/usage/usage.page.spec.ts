import { afterEach, describe, expect, it } from 'vitest';
import {
  answerData,
  answerProblem,
  expectOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, type PageHarness } from '../testing/admin-test-bed';
import type { Usage } from './usage.graphql';
import { UsagePage } from './usage.page';

const usage = (overrides: Partial<Usage> = {}): Usage => ({
  from: '2026-11-01',
  to: '2026-11-03',
  days: [
    { day: '2026-11-01', runs: 4, steps: 12, stepSeconds: 1.5 },
    { day: '2026-11-02', runs: 0, steps: 0, stepSeconds: 0 },
    { day: '2026-11-03', runs: 2, steps: 6, stepSeconds: 0.25 },
  ],
  totals: { runs: 6, steps: 18, stepSeconds: 1.75 },
  quotas: {
    maxConcurrentRuns: 100,
    runStartsPerMinute: 6000,
    maxStepsPerRun: 10000,
    maxForEachItems: 10000,
    maxPayloadBytes: 1048576,
    maxStepOutputBytes: 1048576,
  },
  slots: { held: 3, pending: 7 },
  ...overrides,
});

describe('UsagePage', () => {
  let page: PageHarness<UsagePage>;

  afterEach(() => page.http.verify());

  const open = async (role: 'owner' | 'admin' = 'admin') => {
    page = await openAdminPage(UsagePage, role);
    expect(page.byTestId('usage-loading')).not.toBeNull();
    answerData(expectOperation(page.http, 'Usage'), { usage: usage() });
    await page.settle();
  };

  it('shows the days newest first with totals, slots and the quotas in force', async () => {
    await open();
    expect(page.allByTestId('usage-day').map((row) => row.dataset['day'])).toEqual([
      '2026-11-03',
      '2026-11-02',
      '2026-11-01',
    ]);
    expect(page.byTestId('usage-totals')!.textContent).toContain('6 runs');
    expect(page.byTestId('usage-totals')!.textContent).toContain('18 steps');
    expect(page.byTestId('usage-slots')!.textContent).toContain('7 waiting for a slot');
    expect(page.byTestId<HTMLInputElement>('quota-maxConcurrentRuns')!.value).toBe('100');
    expect(page.byTestId<HTMLInputElement>('quota-maxPayloadBytes')!.value).toBe('1048576');
  });

  it('saves only the quotas that changed, then reloads what is in force', async () => {
    await open();
    fill(page.byTestId<HTMLInputElement>('quota-maxConcurrentRuns')!, '5');
    page.byTestId('quotas-save')!.click();
    await page.settle();
    const save = expectOperation(page.http, 'UpdateQuotas');
    expect(variablesOf(save)).toEqual({ input: { settings: { maxConcurrentRuns: 5 } } });
    answerData(save, { updateTenant: { id: 't1' } });
    await page.settle();
    answerData(expectOperation(page.http, 'Usage'), {
      usage: usage({ quotas: { ...usage().quotas, maxConcurrentRuns: 5 } }),
    });
    await page.settle();
    expect(page.byTestId('quotas-notice')!.textContent).toContain('Quotas saved');
    expect(page.byTestId<HTMLInputElement>('quota-maxConcurrentRuns')!.value).toBe('5');
  });

  it('says why when the quotas are refused', async () => {
    await open();
    fill(page.byTestId<HTMLInputElement>('quota-runStartsPerMinute')!, '7');
    page.byTestId('quotas-save')!.click();
    await page.settle();
    answerProblem(expectOperation(page.http, 'UpdateQuotas'), 422, 'validation.failed');
    await page.settle();
    expect(page.byTestId('quotas-error')!.textContent?.length).toBeGreaterThan(0);
    expect(page.byTestId('quotas-error')!.getAttribute('role')).toBe('alert');
    expect(page.byTestId('quotas-notice')).toBeNull();
  });

  it('shows an error when usage cannot be read', async () => {
    page = await openAdminPage(UsagePage, 'admin');
    answerProblem(expectOperation(page.http, 'Usage'), 403, 'permission.denied');
    await page.settle();
    expect(page.byTestId('usage-error')).not.toBeNull();
  });
});
