import type { Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { afterEach, describe, expect, it } from 'vitest';
import {
  answerData,
  answerProblem,
  expectOperation,
  variablesOf,
} from '../../core/graphql/testing/graphql-testing';
import { fill, openAdminPage, type PageHarness } from '../admin/testing/admin-test-bed';
import type { Approval } from './approvals.graphql';
import { ApprovalsPage } from './approvals.page';

const approval = (id: string, overrides: Partial<Approval> = {}): Approval => ({
  id,
  status: 'pending',
  runId: `run-${id}`,
  flowId: 'f1',
  flowName: 'Expense approval',
  flowVersion: 3,
  stepId: 'approve',
  stepName: 'Approve expense',
  title: `Approve expense ${id}?`,
  message: 'Amount: 120',
  options: ['approved', 'rejected'],
  approverRole: 'operator',
  assignees: [],
  requestedAt: new Date().toISOString(),
  expiresAt: null,
  defaultOutcome: null,
  decision: null,
  comment: null,
  decidedAt: null,
  decidedBy: null,
  canDecide: true,
  ...overrides,
});

// The card links to runs; the admin test bed takes plain providers.
const ROUTER = [provideRouter([]) as unknown as Provider];

describe('ApprovalsPage', () => {
  let page: PageHarness<ApprovalsPage>;
  afterEach(() => page.http.verify());

  const open = async (approvals: Approval[], role: 'operator' | 'viewer' = 'operator') => {
    page = await openAdminPage(ApprovalsPage, role, ROUTER);
    expect(page.byTestId('approvals-loading')).not.toBeNull();
    const request = expectOperation(page.http, 'Approvals');
    expect(variablesOf(request)['filter']).toEqual({ status: ['pending'], assignedToMe: true });
    answerData(request, { approvals: { data: approvals, nextCursor: null } });
    await page.settle();
  };
  const card = (id: string) => page.root.querySelector<HTMLElement>(`[data-approval-id="${id}"]`)!;
  const option = (id: string, name: string) =>
    card(id).querySelector<HTMLButtonElement>(`[data-option="${name}"]`)!;

  it('shows what waits on me with flow, run link, step and requested time, the options as buttons', async () => {
    await open([approval('a'), approval('b', { options: ['ship', 'hold'], title: 'Ship v2?' })]);
    expect(page.texts('approval-title')).toEqual(['Approve expense a?', 'Ship v2?']);
    expect(card('a').textContent).toContain('Amount: 120');
    expect(card('a').textContent).toContain('step Approve expense');
    expect(card('a').textContent).toContain('just now');
    expect(card('a').querySelector('a')?.getAttribute('href')).toBe('/runs/run-a');
    expect(
      [...card('a').querySelectorAll('[data-testid="approval-option"]')].map((b) => b.textContent?.trim()),
    ).toEqual(['Approve', 'Reject']);
    expect(
      [...card('b').querySelectorAll('[data-testid="approval-option"]')].map((b) => b.textContent?.trim()),
    ).toEqual(['ship', 'hold']);
  });

  it('decides with a comment, then drops the card from the inbox and confirms', async () => {
    await open([approval('a'), approval('b')]);
    fill(card('a').querySelector<HTMLInputElement>('[data-testid="approval-comment"]')!, '  Within budget ');
    option('a', 'approved').click();
    await page.settle();
    const request = expectOperation(page.http, 'DecideApproval');
    expect(variablesOf(request)).toEqual({
      id: 'a',
      input: { decision: 'approved', comment: 'Within budget' },
    });
    answerData(request, {
      decideApproval: approval('a', { status: 'decided', decision: 'approved', comment: 'Within budget' }),
    });
    await page.settle();
    expect(page.allByTestId('approval-card').map((c) => c.dataset['approvalId'])).toEqual(['b']);
    expect(page.byTestId('approvals-notice')?.textContent).toContain('approved');
  });

  it('keeps the card and explains a decision someone else made first', async () => {
    await open([approval('a')]);
    option('a', 'rejected').click();
    await page.settle();
    answerProblem(expectOperation(page.http, 'DecideApproval'), 409, 'approval.already_decided');
    await page.settle();
    expect(card('a').querySelector('[data-testid="approval-error"]')?.textContent).toContain(
      'decided this approval already',
    );
  });

  it('shows who may decide instead of buttons when the caller may not, and how settled ones ended', async () => {
    page = await openAdminPage(ApprovalsPage, 'viewer', ROUTER);
    answerData(expectOperation(page.http, 'Approvals'), { approvals: { data: [], nextCursor: null } });
    await page.settle();
    expect(page.byTestId('approvals-empty')?.textContent).toContain('may read approvals but not decide');

    page.byTestId('approvals-view-all')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'Approvals');
    expect(variablesOf(request)['filter']).toEqual({});
    answerData(request, {
      approvals: {
        data: [
          approval('p', { canDecide: false, assignees: ['boss@example.com'] }),
          approval('d', {
            status: 'decided',
            canDecide: false,
            decision: 'rejected',
            comment: 'Too much',
            decidedBy: { type: 'user', id: 'u', label: 'boss@example.com' },
            decidedAt: new Date().toISOString(),
          }),
        ],
        nextCursor: null,
      },
    });
    await page.settle();
    expect(card('p').querySelector('[data-testid="approval-option"]')).toBeNull();
    expect(card('p').textContent).toContain('Waiting for boss@example.com');
    expect(card('d').querySelector('[data-testid="approval-outcome"]')?.textContent).toContain('Reject');
    expect(card('d').textContent).toContain('boss@example.com');
    expect(card('d').textContent).toContain('Too much');
  });
});
