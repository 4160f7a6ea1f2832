import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Role } from '@stepline/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_STORAGE, AuthStore } from '../../../core/auth/auth.store';
import { MemoryStorage, sessionResponse } from '../../../core/auth/testing/auth-fixtures';
import { GraphqlSubscriptions } from '../../../core/graphql/graphql-subscriptions';
import {
  answerData,
  answerProblem,
  expectOperation,
  isOperation,
  variablesOf,
} from '../../../core/graphql/testing/graphql-testing';
import type { RunDetail } from '../../runs/runs.graphql';
import { runDetail, runStatus, stepRun, stepSettled, stepStarted } from '../../runs/testing/run-fixtures';
import { FakeSubscriptions } from '../../runs/testing/runs-test-bed';
import { RunFollower } from '../../runs/shared/run-follower';
import { emptyDefinition } from '@stepline/domain';
import { FlowEditorState } from '../state/flow-editor.state';
import { TEST_RUN_MEMORY, TestRunController } from './test-run.controller';

/** Waits for a condition (HTTP stubs and gathered re-reads settle asynchronously), with a deadline. */
const until = async (condition: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('test runs of the draft', () => {
  let http: HttpTestingController;
  let subscriptions: FakeSubscriptions;
  let controller: TestRunController;

  const open = (role: Role = 'editor', memory: Storage = new MemoryStorage(), withEditor = false) => {
    subscriptions = new FakeSubscriptions();
    TestBed.configureTestingModule({
      providers: [
        { provide: TEST_RUN_MEMORY, useValue: memory },
        ...(withEditor ? [FlowEditorState] : []),
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AUTH_STORAGE, useValue: new MemoryStorage() },
        { provide: GraphqlSubscriptions, useValue: subscriptions },
        RunFollower,
        TestRunController,
      ],
    });
    TestBed.inject(AuthStore).set(sessionResponse({ role }));
    http = TestBed.inject(HttpTestingController);
    controller = TestBed.inject(TestRunController);
  };

  const pending = (name: string) => http.match(isOperation(name));
  /** Answers every read of the run (`match` takes them off the pending list), once one was sent. */
  const answerReads = async (run: RunDetail) => {
    const reads = pending('RunDetail');
    await until(() => reads.push(...pending('RunDetail')) > 0, 'a read of the run');
    for (const read of reads) answerData(read, { run });
  };

  /** Starts a test run answered with `run-1` and returns its live stream. */
  const started = async (input: unknown = { n: 1 }) => {
    controller.start('flow-1', input);
    const start = expectOperation(http, 'StartRun');
    answerData(start, { startRun: { id: 'run-1', status: 'queued' } });
    await until(() => subscriptions.opened.length === 1, 'the live subscription');
    return { start, live: subscriptions.last() };
  };

  afterEach(() => TestBed.resetTestingModule());

  describe('after a reload', () => {
    /** A new editor session over the same storage, with flow-1 opened. */
    const reopen = (memory: Storage) => {
      TestBed.resetTestingModule();
      open('editor', memory, true);
      const flow = { id: 'flow-1', name: 'Orders' } as Parameters<FlowEditorState['loaded']>[0];
      TestBed.inject(FlowEditorState).loaded(flow, [], emptyDefinition(), 1, true);
      TestBed.tick();
    };

    it('re-opens the flow’s last test run with its statuses, outputs and input', async () => {
      const memory = new MemoryStorage();
      open('editor', memory);
      await started({ n: 1 });
      reopen(memory);
      const read = expectOperation(http, 'RunDetail');
      expect(variablesOf(read)).toEqual({ id: 'run-1' });
      answerData(read, {
        run: runDetail({
          id: 'run-1',
          isTest: true,
          status: 'failed',
          input: { n: 1 },
          steps: [
            stepRun('fetch', { output: { body: { id: 7 } } }),
            stepRun('shape', { status: 'failed', output: null, error: { message: 'boom' } }),
          ],
        }),
      });
      await until(() => controller.last()?.stepStatuses['shape'] === 'failed', 'the restored run');
      expect(controller.last()?.stepStatuses).toEqual({ fetch: 'succeeded', shape: 'failed' });
      expect(controller.last()?.lastOutputs).toEqual({ fetch: { body: { id: 7 } } });
      expect(controller.last()?.input).toEqual({ n: 1 });
      expect(controller.attemptOf('fetch')?.record?.output).toEqual({ body: { id: 7 } });
      expect(controller.finished()).toBe(true);
      // A finished run is not followed live.
      expect(subscriptions.opened).toHaveLength(0);
    });

    it('follows a remembered run live when it is still going', async () => {
      const memory = new MemoryStorage();
      open('editor', memory);
      await started();
      reopen(memory);
      answerData(expectOperation(http, 'RunDetail'), {
        run: runDetail({ id: 'run-1', isTest: true, status: 'running', finishedAt: null }),
      });
      await until(() => subscriptions.opened.length === 1, 'the live subscription');
      expect(controller.active()).toBe(true);
    });

    it('forgets a remembered run that is gone', async () => {
      const memory = new MemoryStorage();
      open('editor', memory);
      await started();
      reopen(memory);
      answerProblem(expectOperation(http, 'RunDetail'), 404, 'run.not_found');
      await until(() => memory.length === 0, 'the run forgotten');
      expect(controller.last()).toBeNull();
    });
  });

  it('starts a run of the draft with the sample input and follows it live', async () => {
    open();
    const { start, live } = await started({ n: 1 });
    expect(variablesOf(start)).toEqual({ flowId: 'flow-1', input: { input: { n: 1 }, version: 'draft' } });
    expect(live.operationName).toBe('RunEvents');
    expect(live.variables).toEqual({ runId: 'run-1' });
    expect(controller.status()).toBe('queued');
    expect(controller.active()).toBe(true);
  });

  it('shows a forEach body step by one iteration: a failed one if any failed, else the last', async () => {
    open();
    const { live } = await started();
    live.answers.next({ runEvents: runStatus('running') });
    live.answers.next({ runEvents: stepStarted('loop', 0) });
    live.answers.next({ runEvents: stepSettled('double', 10, { path: 'loop[0]', status: 'succeeded' }) });
    expect(controller.last()?.stepStatuses).toEqual({ loop: 'running', double: 'succeeded' });
    live.answers.next({
      runEvents: stepSettled('double', 20, { path: 'loop[1]', status: 'failed', seq: 2 }),
    });
    live.answers.next({
      runEvents: stepSettled('double', 30, { path: 'loop[2]', status: 'succeeded', seq: 3 }),
    });
    expect(controller.last()?.stepStatuses['double']).toBe('failed');
  });

  it('maps step.started to running and step.settled to the status it carries', async () => {
    open();
    const { live } = await started();
    live.answers.next({ runEvents: runStatus('running') });
    live.answers.next({ runEvents: stepStarted('fetch', 0) });
    live.answers.next({ runEvents: stepStarted('shape', 10) });
    expect(controller.last()?.stepStatuses).toEqual({ fetch: 'running', shape: 'running' });
    expect(controller.status()).toBe('running');

    live.answers.next({ runEvents: stepSettled('fetch', 50, { status: 'failed' }) });
    live.answers.next({ runEvents: stepSettled('shape', 60, { status: 'skipped' }) });
    live.answers.next({ runEvents: stepSettled('tidy', 70, { status: 'cancelled' }) });
    expect(controller.last()?.stepStatuses).toEqual({ fetch: 'failed', shape: 'skipped', tidy: 'cancelled' });
    // A late replayed `started` never takes a settled step back to running.
    live.answers.next({ runEvents: stepStarted('fetch', 0) });
    expect(controller.attemptOf('fetch')?.status).toBe('failed');
    for (const read of pending('RunDetail')) answerData(read, { run: runDetail({ status: 'running' }) });
  });

  it('reads the run when it ends, so a node shows its input, output and the outputs feed autocomplete', async () => {
    open();
    const { live } = await started();
    live.answers.next({ runEvents: stepStarted('fetch', 0) });
    live.answers.next({ runEvents: stepSettled('fetch', 50) });
    live.answers.next({ runEvents: runStatus('succeeded', 60) });
    live.answers.complete();
    expect(controller.status()).toBe('succeeded');
    expect(controller.attemptOf('fetch')?.record).toBeNull();

    const final = runDetail({
      id: 'run-1',
      isTest: true,
      status: 'succeeded',
      steps: [stepRun('fetch', { output: { body: { id: 7 } }, outputTruncated: true })],
    });
    await answerReads(final);
    await until(() => controller.attemptOf('fetch')?.record != null, 'the run read');
    expect(controller.attemptOf('fetch')?.record?.output).toEqual({ body: { id: 7 } });
    expect(controller.attemptOf('fetch')?.record?.outputTruncated).toBe(true);
    expect(controller.last()?.lastOutputs).toEqual({ fetch: { body: { id: 7 } } });
    expect(controller.last()?.steps['fetch']).toEqual({ status: 'succeeded', output: { body: { id: 7 } } });
    expect(controller.last()?.flowId).toBe('flow-1');
    expect(controller.finished()).toBe(true);
    expect(controller.mayRerun()).toBe(true);
    // Settled steps asked for a gathered re-read too; it reads the same run.
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (const read of pending('RunDetail')) answerData(read, { run: final });
    expect(controller.status()).toBe('succeeded');
  });

  it('re-runs from a step of the finished run and follows the new run', async () => {
    open();
    const { live } = await started({ n: 2 });
    live.answers.next({ runEvents: runStatus('failed') });
    live.answers.complete();
    await answerReads(runDetail({ status: 'failed', steps: [stepRun('fetch')] }));
    await until(() => controller.mayRerun(), 'the run read');

    controller.rerunFrom('flow-1', 'shape');
    const resume = expectOperation(http, 'ResumeRun');
    expect(variablesOf(resume)).toEqual({ id: 'run-1', fromStep: 'shape' });
    answerData(resume, { resumeRun: { id: 'run-2' } });
    await until(() => subscriptions.opened.length === 2, 'the new run followed');
    expect(live.closed).toBe(true);
    expect(subscriptions.last().variables).toEqual({ runId: 'run-2' });
    expect(controller.runId()).toBe('run-2');
    expect(controller.last()?.stepStatuses).toEqual({});
    expect(controller.last()?.input).toEqual({ n: 2 });
    subscriptions.last().answers.next({ runEvents: stepSettled('shape', 10) });
    expect(controller.last()?.stepStatuses).toEqual({ shape: 'succeeded' });
  });

  it('offers no re-run while the run goes on, nor to a role that may not retry runs', async () => {
    open('viewer');
    expect(controller.mayStart()).toBe(false);
    const { live } = await started();
    expect(controller.mayRerun()).toBe(false);
    controller.rerunFrom('flow-1', 'fetch');
    http.expectNone(isOperation('ResumeRun'));
    live.answers.next({ runEvents: runStatus('succeeded') });
    expect(controller.mayRerun()).toBe(false);
  });

  it('says why a start was refused and keeps no run', async () => {
    open();
    controller.start('flow-1', {});
    answerProblem(expectOperation(http, 'StartRun'), 422, 'flow.invalid_definition');
    expect(controller.error()).toBe('The draft has problems to fix before it can run.');
    expect(controller.runId()).toBeNull();
    expect(controller.starting()).toBe(false);
    expect(controller.active()).toBe(false);
  });

  it('reads a run that parks and says what it waits for, until it goes on', async () => {
    open();
    const { live } = await started();
    live.answers.next({ runEvents: runStatus('waiting') });
    expect(controller.status()).toBe('waiting');
    const wait: RunDetail['waitingFor'][number] = {
      id: 'wait-1',
      kind: 'event',
      stepId: 'await_reply',
      path: '',
      eventName: 'message.received',
      correlationKey: 'order-7',
      approvalId: null,
      childRunId: null,
      until: '2026-12-01T10:00:00.000Z',
      since: '2026-11-30T10:00:00.000Z',
    };
    // The run is read at once: what it waits for comes with the run, not with the event.
    answerData(expectOperation(http, 'RunDetail'), {
      run: runDetail({ status: 'waiting', finishedAt: null, waitingFor: [wait] }),
    });
    await until(() => controller.waitingFor().length === 1, 'the waits read');
    expect(controller.waitingFor()[0]).toMatchObject({ kind: 'event', eventName: 'message.received' });

    live.answers.next({ runEvents: runStatus('running') });
    expect(controller.waitingFor()).toEqual([]);
    live.answers.next({ runEvents: runStatus('succeeded') });
    live.answers.complete();
    await answerReads(runDetail({ status: 'succeeded' }));
    await until(() => controller.finished(), 'the end read');
  });

  it('falls back to reading the run when the live subscription fails', async () => {
    open();
    const { live } = await started();
    live.answers.error(new Error('socket closed'));
    await answerReads(runDetail({ status: 'succeeded', steps: [stepRun('fetch')] }));
    await until(() => controller.finished(), 'the run read');
    expect(controller.last()?.stepStatuses).toEqual({ fetch: 'succeeded' });
    expect(controller.finished()).toBe(true);
  });
});
