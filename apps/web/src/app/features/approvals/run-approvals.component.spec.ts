import { afterEach, describe, expect, it } from 'vitest';
import {
  answerData,
  answerProblem,
  expectOperation,
  variablesOf,
} from '../../core/graphql/testing/graphql-testing';
import { openRunsComponent, type RunsHarness } from '../runs/testing/runs-test-bed';
import type { Approval } from './approvals.graphql';
import { RunApprovalsComponent } from './run-approvals.component';

const approval = (overrides: Partial<Approval> = {}): Approval => ({
  id: 'ap-1',
  status: 'pending',
  runId: 'run-1',
  flowId: 'f1',
  flowName: 'Expense approval',
  flowVersion: 1,
  stepId: 'approve',
  stepName: null,
  title: 'Approve expense E-7?',
  message: null,
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

describe('RunApprovalsComponent', () => {
  let page: RunsHarness<RunApprovalsComponent>;
  afterEach(() => page.http.verify());

  const open = async (approvals: Approval[]) => {
    page = await openRunsComponent(RunApprovalsComponent, {
      role: 'operator',
      before: (fixture) => {
        fixture.componentRef.setInput('runId', 'run-1');
        fixture.componentRef.setInput('status', 'waiting');
      },
    });
    const request = expectOperation(page.http, 'Approvals');
    expect(variablesOf(request)).toEqual({ filter: { runId: 'run-1', status: ['pending'] }, limit: 10 });
    answerData(request, { approvals: { data: approvals, nextCursor: null } });
    await page.settle();
  };

  it('offers approve and reject for what the waiting run asks, and shows the decision once made', async () => {
    await open([approval()]);
    expect(page.byTestId('approval-title')?.textContent).toContain('Approve expense E-7?');
    page.root.querySelector<HTMLButtonElement>('[data-option="rejected"]')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'DecideApproval');
    expect(variablesOf(request)).toEqual({ id: 'ap-1', input: { decision: 'rejected', comment: null } });
    answerData(request, {
      decideApproval: approval({
        status: 'decided',
        decision: 'rejected',
        decidedBy: { type: 'user', id: 'u', label: 'op@example.com' },
        decidedAt: new Date().toISOString(),
      }),
    });
    await page.settle();
    expect(page.byTestId('approval-outcome')?.textContent).toContain('Reject');
    expect(page.byTestId('approval-outcome')?.textContent).toContain('op@example.com');
  });

  it('explains a refusal next to the approval', async () => {
    await open([approval()]);
    page.root.querySelector<HTMLButtonElement>('[data-option="approved"]')!.click();
    await page.settle();
    answerProblem(expectOperation(page.http, 'DecideApproval'), 403, 'approval.not_assignee');
    await page.settle();
    expect(page.byTestId('approval-error')?.textContent).toContain('assigned to other members');
  });

  it('shows nothing when the run waits for no approval', async () => {
    await open([]);
    expect(page.byTestId('run-approvals')).toBeNull();
  });
});
