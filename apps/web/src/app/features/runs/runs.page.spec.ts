import type { TestRequest } from '@angular/common/http/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  variablesOf,
} from '../../core/graphql/testing/graphql-testing';
import { RUNS_POLL_MS } from './list/runs-list.controller';
import type { RunSummary } from './runs.graphql';
import { RunsPage } from './runs.page';
import { openRunsComponent, type RunsHarness } from './testing/runs-test-bed';
import { runSummary } from './testing/run-fixtures';

const FLOWS = [
  { id: 'flow-1', name: 'Welcome new customer' },
  { id: 'flow-2', name: 'Nightly digest' },
];

describe('RunsPage', () => {
  let page: RunsHarness<RunsPage>;

  beforeEach(async () => {
    page = await openRunsComponent(RunsPage, { providers: [{ provide: RUNS_POLL_MS, useValue: 0 }] });
  });

  afterEach(() => page.http.verify());

  /** Answers the page's first read: the first runs and the filter's flows together. */
  const answerOpen = async (data: RunSummary[], nextCursor: string | null = null, flows = FLOWS) => {
    const request = expectOperation(page.http, 'RunsOpen');
    expect(variablesOf(request)).toEqual({ filter: {}, limit: 25, flowsLimit: 100 });
    answerData(request, { runs: { data, nextCursor }, flows: { data: flows } });
    await page.settle();
  };
  const answerRuns = async (request: TestRequest, data: RunSummary[], nextCursor: string | null = null) => {
    answerData(request, { runs: { data, nextCursor } });
    await page.settle();
  };
  const runsRequest = () => expectOperation(page.http, 'RunsList');
  const filterOf = (request: TestRequest) => variablesOf(request)['filter'];
  const select = async (testId: string, value: string) => {
    const element = page.byTestId<HTMLSelectElement | HTMLInputElement>(testId)!;
    element.value = value;
    element.dispatchEvent(new Event('change'));
    await page.settle();
  };

  it('lists runs newest first with flow, status, trigger, start, duration and a test-run marker', async () => {
    expect(page.byTestId('runs-loading')?.textContent).toContain('Loading runs');
    await answerOpen([
      runSummary('r1', { status: 'running', finishedAt: null, durationMs: null, trigger: 'api' }),
      runSummary('r2', { flowId: 'flow-2', status: 'failed', isTest: true, durationMs: 1500 }),
    ]);
    expectNoOperation(page.http, 'RunFlowName');

    expect(page.texts('run-flow')).toEqual(['Welcome new customer', 'Nightly digest']);
    expect(page.texts('run-status')).toEqual(['●Running', '✕Failed']);
    expect(page.texts('run-trigger')).toEqual(['API', 'Manual']);
    expect(page.allByTestId('run-test-marker')).toHaveLength(1);
    expect(page.allByTestId('run-row')[1]!.textContent).toContain('test run');
    expect(page.allByTestId('run-row')[0]!.textContent).toContain('v1');
    expect(page.texts('run-duration')[1]).toBe('1.5 s');
    expect(page.byTestId('runs-load-more')).toBeNull();
  });

  it('says "No runs yet" for a tenant without runs, and "No runs match" under a filter', async () => {
    await answerOpen([]);
    expect(page.byTestId('empty-state')?.textContent).toContain('No runs yet');

    await select('runs-filter-trigger', 'webhook');
    const request = runsRequest();
    expect(filterOf(request)).toEqual({ trigger: ['webhook'] });
    await answerRuns(request, []);
    expect(page.byTestId('empty-state')?.textContent).toContain('No runs match');
  });

  it('filters by flow, several statuses, test runs and a range of days', async () => {
    await answerOpen([runSummary('r1')]);

    await select('runs-filter-flow', 'flow-2');
    await answerRuns(runsRequest(), []);
    const boxes = page.allByTestId<HTMLInputElement>('runs-filter-status');
    for (const value of ['failed', 'running']) {
      const box = boxes.find((b) => b.value === value)!;
      box.checked = true;
      box.dispatchEvent(new Event('change'));
      await page.settle();
      await answerRuns(runsRequest(), []);
    }
    await select('runs-filter-tests', 'only');
    await answerRuns(runsRequest(), []);
    await select('runs-filter-from', '2026-03-01');
    await answerRuns(runsRequest(), []);
    await select('runs-filter-to', '2026-03-02');
    const request = runsRequest();
    expect(filterOf(request)).toEqual({
      flowId: 'flow-2',
      status: ['running', 'failed'],
      isTest: true,
      from: new Date('2026-03-01T00:00:00').toISOString(),
      to: new Date('2026-03-03T00:00:00').toISOString(),
    });
    await answerRuns(request, []);

    await page.clickButton('Clear filters');
    expect(filterOf(runsRequest())).toEqual({});
  });

  it('shows the problem when the list cannot be read and tries again on request', async () => {
    answerProblem(expectOperation(page.http, 'RunsOpen'), 403, 'permission.denied');
    await page.settle();
    expect(page.byTestId('runs-error')?.textContent).toContain('You do not have permission to do that.');

    // The retry still brings the filter's flows, which the failed first read did not.
    await page.clickButton('Try again');
    await answerOpen([runSummary('r1')]);
    expect(page.texts('run-flow')).toEqual(['Welcome new customer']);
    expect(page.byTestId('runs-error')).toBeNull();
    expect(page.allByTestId('run-row')).toHaveLength(1);
  });

  it('loads the next page with the cursor and appends it', async () => {
    await answerOpen([runSummary('r1')], 'cursor-2');
    page.byTestId<HTMLButtonElement>('runs-load-more')!.click();
    await page.settle();
    const request = runsRequest();
    expect(variablesOf(request)['cursor']).toBe('cursor-2');
    await answerRuns(request, [runSummary('r2')]);
    expect(page.allByTestId('run-row').map((row) => row.dataset['runId'])).toEqual(['r1', 'r2']);
    expect(page.byTestId('runs-load-more')).toBeNull();
  });

  it('names a run whose flow is not among the listed flows, once, and marks one it cannot read', async () => {
    await answerOpen([
      runSummary('r1', { flowId: 'flow-archived' }),
      runSummary('r2', { flowId: 'flow-archived' }),
      runSummary('r3', { flowId: 'flow-gone-0000' }),
    ]);
    const lookups = page.http.match(
      (r) => (r.body as { operationName?: string })?.operationName === 'RunFlowName',
    );
    expect(lookups.map((r) => variablesOf(r)['id'])).toEqual(['flow-archived', 'flow-gone-0000']);
    answerData(lookups[0]!, {
      flow: { id: 'flow-archived', name: 'Old flow', archivedAt: 'x', publishedVersion: 1 },
    });
    answerProblem(lookups[1]!, 404, 'resource.not_found');
    await page.settle();
    expect(page.texts('run-flow')).toEqual(['Old flow', 'Old flow', 'Flow flow-gon']);
  });

  it('opens a run when its row is clicked', async () => {
    const navigate = vi.spyOn(page.router, 'navigate').mockResolvedValue(true);
    await answerOpen([runSummary('r1')]);
    page
      .allByTestId('run-row')[0]!
      .querySelector('td:nth-child(3)')!
      .dispatchEvent(new Event('click', { bubbles: true }));
    expect(navigate).toHaveBeenCalledWith(['/runs', 'r1']);
  });

  it('re-reads the rows on screen when the window regains focus, without a spinner', async () => {
    await answerOpen([runSummary('r1', { status: 'running', finishedAt: null, durationMs: null })]);
    window.dispatchEvent(new Event('focus'));
    await page.settle();
    const request = runsRequest();
    expect(variablesOf(request)).toEqual({ filter: {}, limit: 25, cursor: null });
    expect(page.byTestId('runs-loading')).toBeNull();
    await answerRuns(request, [runSummary('r1', { status: 'succeeded' })]);
    expect(page.texts('run-status')).toEqual(['✓Succeeded']);
    expectNoOperation(page.http, 'RunsList');
  });
});
