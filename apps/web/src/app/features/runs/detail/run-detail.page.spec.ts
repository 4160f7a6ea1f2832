import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@stepline/domain';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import { openRunsComponent, type RunsHarness } from '../testing/runs-test-bed';
import { at, runDetail, runStatus, stepRun, stepSettled, stepStarted } from '../testing/run-fixtures';
import type { RunDetail } from '../runs.graphql';
import { RUN_DETAIL_TIMING } from './run-detail.controller';
import { RunDetailPage } from './run-detail.page';

describe('RunDetailPage', () => {
  let page: RunsHarness<RunDetailPage>;

  afterEach(() => page.http.verify());

  const open = async (role: Role = 'owner', id = 'run-1') => {
    page = await openRunsComponent(RunDetailPage, {
      role,
      providers: [{ provide: RUN_DETAIL_TIMING, useValue: { rereadAfterMs: 0, pollMs: 10 } }],
      before: (fixture) => fixture.componentRef.setInput('id', id),
    });
  };
  const answerRun = async (run: RunDetail) => {
    const request = expectOperation(page.http, 'RunDetail');
    expect(variablesOf(request)).toEqual({ id: run.id });
    answerData(request, { run });
    await page.settle();
  };
  const answerFlowName = async (name = 'Welcome new customer') => {
    answerData(expectOperation(page.http, 'RunFlowName'), {
      flow: { id: 'flow-1', name, archivedAt: null, publishedVersion: 2 },
    });
    await page.settle();
  };
  const text = (id: string) => page.byTestId(id)?.textContent?.trim() ?? null;
  /** Waits for timers the controller set (auditTime 0, polling) to fire. */
  const tick = async (ms = 20) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await page.settle();
  };

  it('links a subflow run to its parent run and lists its loop iterations under the loop step', async () => {
    await open();
    await answerRun(
      runDetail({
        trigger: 'subflow',
        parentRunId: 'parent-run-1234',
        steps: [
          stepRun('loop', { seq: 3, startedAt: at(0) }),
          stepRun('double', { path: 'loop[1]', seq: 2, startedAt: at(20) }),
          stepRun('double', { path: 'loop[0]', seq: 1, startedAt: at(10) }),
        ],
      }),
    );
    await answerFlowName();
    expect(text('run-parent')).toBe('parent-r');
    expect(page.byTestId('run-parent')?.getAttribute('href')).toBe('/runs/parent-run-1234');
    expect(page.texts('timeline-iteration')).toEqual(['loop · item 0', 'loop · item 1']);
  });

  it('shows a finished run: flow and version, status, trigger, duration, and its steps in start order', async () => {
    await open();
    expect(text('run-loading')).toContain('Loading the run');
    await answerRun(
      runDetail({
        steps: [
          stepRun('second', { seq: 2, startedAt: at(120), finishedAt: at(300), durationMs: 180 }),
          stepRun('first', { seq: 1, startedAt: at(0), finishedAt: at(120), durationMs: 120 }),
        ],
      }),
    );
    await answerFlowName();

    expect(text('run-flow-name')).toBe('Welcome new customer');
    expect(text('run-version')).toBe('v2');
    expect(text('run-status')).toBe('✓Succeeded');
    expect(text('run-trigger')).toBe('Manual');
    expect(text('run-duration')).toBe('300 ms');
    expect(page.texts('timeline-step-id')).toEqual(['first', 'second']);
    expect(page.texts('timeline-duration')).toEqual(['120 ms', '180 ms']);
    // A finished run is not followed live.
    expect(page.subscriptions.opened).toHaveLength(0);
    expect(page.byTestId('run-live')).toBeNull();
  });

  it('opens a step with its input, output, truncation marker, logs and error', async () => {
    await open();
    await answerRun(
      runDetail({
        status: 'failed',
        error: { code: 'step.failed', message: 'Lookup failed', stepId: 'lookup' },
        steps: [
          stepRun('lookup', {
            status: 'failed',
            input: { url: 'https://crm.example/x' },
            output: { partial: true },
            outputTruncated: true,
            error: { code: 'http.status', message: 'HTTP 500' },
            logs: [{ level: 'info', message: 'calling the CRM', time: at(5) }],
          }),
        ],
      }),
    );
    await answerFlowName();

    expect(text('run-error-code')).toBe('step.failed');
    expect(text('run-error-message')).toBe('Lookup failed');
    expect(text('run-error-step')).toBe('lookup');

    page.byTestId<HTMLButtonElement>('timeline-attempt')!.click();
    await page.settle();
    expect(JSON.parse(text('step-panel-input')!)).toEqual({ url: 'https://crm.example/x' });
    expect(JSON.parse(text('step-panel-output')!)).toEqual({ partial: true });
    expect(text('step-panel-truncated')).toContain('truncated');
    expect(text('step-panel-error')).toContain('http.status');
    expect(page.texts('step-log')[0]).toContain('calling the CRM');

    await page.clickButton('Close');
    expect(page.byTestId('step-panel')).toBeNull();
  });

  it('marks a test run as such', async () => {
    await open();
    await answerRun(runDetail({ isTest: true }));
    await answerFlowName();
    expect(text('run-version')).toBe('test run');
  });

  it('follows a running run live: steps start and settle as events arrive, then it is read again when it ends', async () => {
    await open();
    await answerRun(runDetail({ status: 'running', finishedAt: null, durationMs: null, output: null }));
    await answerFlowName();

    const live = page.subscriptions.last();
    expect(live.operationName).toBe('RunEvents');
    expect(live.variables).toEqual({ runId: 'run-1' });
    expect(page.byTestId('run-live')).not.toBeNull();
    expect(page.byTestId('timeline-empty')).not.toBeNull();

    live.answers.next({ runEvents: stepStarted('fetch', 10) });
    await page.settle();
    expect(page.texts('timeline-status')).toEqual(['●Running']);

    live.answers.next({ runEvents: stepSettled('fetch', 60) });
    await tick();
    // Settled steps are read again for their input, output and logs.
    answerData(expectOperation(page.http, 'RunDetail'), {
      run: runDetail({ status: 'running', finishedAt: null, durationMs: null, steps: [stepRun('fetch')] }),
    });
    await page.settle();
    expect(page.texts('timeline-status')).toEqual(['✓Succeeded']);

    live.answers.next({ runEvents: runStatus('succeeded', 300) });
    await page.settle();
    expect(text('run-status')).toBe('✓Succeeded');
    answerData(expectOperation(page.http, 'RunDetail'), { run: runDetail({ steps: [stepRun('fetch')] }) });
    live.answers.complete();
    await page.settle();
    // The completion asks once more; the answer is the same finished run.
    for (const request of page.http.match(
      (r) => (r.body as { operationName?: string }).operationName === 'RunDetail',
    ))
      answerData(request, { run: runDetail({ steps: [stepRun('fetch')] }) });
    await page.settle();
    expect(text('run-duration')).toBe('300 ms');
    expect(live.closed).toBe(true);
    expect(page.byTestId('run-live')).toBeNull();
  });

  it('falls back to re-reading the run when the live connection fails', async () => {
    await open();
    await answerRun(runDetail({ status: 'running', finishedAt: null, durationMs: null }));
    await answerFlowName();
    page.subscriptions.last().answers.error(new Error('socket closed'));
    await page.settle();
    expect(page.byTestId('run-polling')).not.toBeNull();

    await tick(30);
    for (const request of page.http.match(
      (r) => (r.body as { operationName?: string }).operationName === 'RunDetail',
    ))
      answerData(request, { run: runDetail({ status: 'succeeded' }) });
    await tick(30);
    expectNoOperation(page.http, 'RunDetail');
    expect(text('run-status')).toBe('✓Succeeded');
    expect(page.byTestId('run-polling')).toBeNull();
  });

  it('cancels a running run after asking, and shows that the cancel is on its way', async () => {
    await open('operator');
    await answerRun(runDetail({ status: 'running', finishedAt: null, durationMs: null }));
    await answerFlowName();
    expect(page.byTestId('run-retry')).toBeNull();

    await page.clickButton('Cancel run');
    page.byTestId<HTMLButtonElement>('confirm-yes')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'CancelRun');
    expect(variablesOf(request)).toEqual({ id: 'run-1' });
    answerData(request, {
      cancelRun: {
        id: 'run-1',
        status: 'running',
        cancelRequestedAt: at(50),
        finishedAt: null,
        durationMs: null,
        error: null,
      },
    });
    await page.settle();
    expect(page.byTestId('run-cancelling')).not.toBeNull();
    expect(page.byTestId('run-actions')).toBeNull();
  });

  it('retries a finished run and resumes a failed one from its step, opening the new run', async () => {
    await open('editor');
    const navigate = vi.spyOn(page.router, 'navigate').mockResolvedValue(true);
    await answerRun(
      runDetail({ status: 'failed', error: { code: 'step.failed', message: 'x', stepId: 'book' } }),
    );
    await answerFlowName();
    expect(text('run-resume')).toBe('Resume from book');

    page.byTestId<HTMLButtonElement>('run-resume')!.click();
    await page.settle();
    answerData(expectOperation(page.http, 'ResumeRun'), { resumeRun: { id: 'run-2' } });
    await page.settle();
    expect(navigate).toHaveBeenCalledWith(['/runs', 'run-2']);

    page.byTestId<HTMLButtonElement>('run-retry')!.click();
    await page.settle();
    answerData(expectOperation(page.http, 'RetryRun'), { retryRun: { id: 'run-3' } });
    await page.settle();
    expect(navigate).toHaveBeenCalledWith(['/runs', 'run-3']);
  });

  it('re-runs a finished run from a chosen step, and offers it only to roles that may retry', async () => {
    await open('operator');
    const navigate = vi.spyOn(page.router, 'navigate').mockResolvedValue(true);
    await answerRun(
      runDetail({ steps: [stepRun('first'), stepRun('second', { seq: 2, startedAt: at(150) })] }),
    );
    await answerFlowName();
    page.allByTestId<HTMLButtonElement>('timeline-attempt')[1]!.click();
    await page.settle();
    page.byTestId<HTMLButtonElement>('step-rerun')!.click();
    await page.settle();
    const request = expectOperation(page.http, 'ResumeRun');
    expect(variablesOf(request)).toEqual({ id: 'run-1', fromStep: 'second' });
    answerData(request, { resumeRun: { id: 'run-4' } });
    await page.settle();
    expect(navigate).toHaveBeenCalledWith(['/runs', 'run-4']);
  });

  it('says why an action was refused', async () => {
    await open();
    await answerRun(runDetail({ status: 'running', finishedAt: null, durationMs: null }));
    await answerFlowName();
    await page.clickButton('Cancel run');
    page.byTestId<HTMLButtonElement>('confirm-yes')!.click();
    await page.settle();
    answerProblem(expectOperation(page.http, 'CancelRun'), 409, 'run.not_cancellable');
    await page.settle();
    expect(text('run-action-error')).toBe('This run has already finished.');
  });

  it('shows a viewer the run and its steps but no action', async () => {
    await open('viewer');
    await answerRun(
      runDetail({
        status: 'failed',
        error: { code: 'step.failed', message: 'x', stepId: 'a' },
        steps: [stepRun('a')],
      }),
    );
    await answerFlowName();
    expect(page.allByTestId('timeline-step')).toHaveLength(1);
    expect(page.byTestId('run-actions')).toBeNull();
    page.byTestId<HTMLButtonElement>('timeline-attempt')!.click();
    await page.settle();
    expect(page.byTestId('step-panel')).not.toBeNull();
    expect(page.byTestId('step-rerun')).toBeNull();
    expect(page.root.querySelector('button[aria-label="Cancel run"]')).toBeNull();
  });

  it('shows a viewer no cancel on a running run either', async () => {
    await open('viewer');
    await answerRun(runDetail({ status: 'running', finishedAt: null, durationMs: null }));
    await answerFlowName();
    expect(page.byTestId('run-actions')).toBeNull();
  });

  it('says when a run does not exist', async () => {
    await open('owner', 'missing');
    answerProblem(expectOperation(page.http, 'RunDetail'), 404, 'resource.not_found');
    await page.settle();
    expect(text('run-error')).toContain('does not exist');
  });
});
