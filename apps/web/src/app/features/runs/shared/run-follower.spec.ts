import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphqlSubscriptions } from '../../../core/graphql/graphql-subscriptions';
import {
  answerData,
  answerProblem,
  expectNoOperation,
  expectOperation,
  isOperation,
} from '../../../core/graphql/testing/graphql-testing';
import type { RunDetail } from '../runs.graphql';
import { runDetail, runStatus, stepRun, stepSettled, stepStarted } from '../testing/run-fixtures';
import { FakeSubscriptions } from '../testing/runs-test-bed';
import { RunFollower } from './run-follower';

const running = (overrides: Partial<RunDetail> = {}) =>
  runDetail({ status: 'running', finishedAt: null, durationMs: null, ...overrides });
const FAST = { rereadAfterMs: 0, pollMs: 10 };
/** Lets timers the follower set (gathered re-reads, polling) fire. */
const pause = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RunFollower', () => {
  let http: HttpTestingController;
  let subscriptions: FakeSubscriptions;
  let follower: RunFollower;

  beforeEach(() => {
    subscriptions = new FakeSubscriptions();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: GraphqlSubscriptions, useValue: subscriptions },
        RunFollower,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    follower = TestBed.inject(RunFollower);
  });
  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
  });

  it('reads the run, follows it live, and completes when a read says it finished', () => {
    const seen: string[] = [];
    let completed = false;
    follower.follow('run-1', 'read', FAST).subscribe({
      next: (run) => seen.push(run.status),
      complete: () => (completed = true),
    });
    answerData(expectOperation(http, 'RunDetail'), { run: running() });
    const live = subscriptions.last();
    expect(live.variables).toEqual({ runId: 'run-1' });
    expect(follower.liveMode()).toBe('live');

    live.answers.next({ runEvents: stepStarted('fetch', 0) });
    expect(follower.timeline().map((step) => step.latest.status)).toEqual(['running']);
    live.answers.next({ runEvents: runStatus('succeeded') });
    // The end heard live shows at once; the read it triggers brings the rest.
    expect(follower.status()).toBe('succeeded');
    answerData(expectOperation(http, 'RunDetail'), { run: runDetail({ steps: [stepRun('fetch')] }) });
    expect(seen).toEqual(['running', 'succeeded']);
    expect(completed).toBe(true);
    expect(live.closed).toBe(true);
    expect(follower.liveMode()).toBe('off');
  });

  it('fails when the first read fails, and never goes live then', () => {
    let failed: unknown = null;
    follower.follow('missing', 'read', FAST).subscribe({ error: (error: unknown) => (failed = error) });
    answerProblem(expectOperation(http, 'RunDetail'), 404, 'resource.not_found');
    expect(failed).not.toBeNull();
    expect(subscriptions.opened).toHaveLength(0);
  });

  it('shows a run already read without reading it again, and follows it only while it is going', () => {
    let completed = false;
    follower
      .follow('run-1', runDetail({ status: 'failed' }), FAST)
      .subscribe({ complete: () => (completed = true) });
    expectNoOperation(http, 'RunDetail');
    expect(follower.status()).toBe('failed');
    expect(completed).toBe(true);
    expect(subscriptions.opened).toHaveLength(0);

    follower.follow('run-2', running({ id: 'run-2' }), FAST).subscribe();
    expect(follower.runId()).toBe('run-2');
    expect(subscriptions.last().variables).toEqual({ runId: 'run-2' });
  });

  it('reads a run that parks, and keeps one read in flight, queueing one more asked for meanwhile', async () => {
    follower.follow('run-1', 'live', FAST).subscribe();
    expect(follower.run()).toBeNull();
    const live = subscriptions.last();
    live.answers.next({ runEvents: runStatus('waiting') });
    live.answers.next({ runEvents: stepSettled('fetch', 10) });
    await pause();
    // The park asked for a read at once; the settled step's gathered read waits for it.
    const first = expectOperation(http, 'RunDetail');
    const wait: RunDetail['waitingFor'][number] = {
      id: 'w-1',
      kind: 'approval',
      stepId: 'sign_off',
      path: '',
      eventName: null,
      correlationKey: null,
      approvalId: 'a-1',
      childRunId: null,
      until: null,
      since: '2026-11-30T10:00:00.000Z',
    };
    answerData(first, { run: running({ status: 'waiting', waitingFor: [wait] }) });
    expect(follower.waitingFor()).toEqual([wait]);
    answerData(expectOperation(http, 'RunDetail'), {
      run: running({ status: 'waiting', waitingFor: [wait] }),
    });
    expectNoOperation(http, 'RunDetail');

    live.answers.next({ runEvents: runStatus('running') });
    // Heard going on: no longer shown as waiting, even before the next read.
    expect(follower.waitingFor()).toEqual([]);
  });

  it('polls when the live stream fails, until a read says the run finished', async () => {
    let completed = false;
    follower.follow('run-1', 'live', FAST).subscribe({ complete: () => (completed = true) });
    subscriptions.last().answers.error(new Error('socket closed'));
    expect(follower.liveMode()).toBe('polling');
    answerData(expectOperation(http, 'RunDetail'), { run: running() });
    await pause(30);
    const polls = http.match(isOperation('RunDetail'));
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) answerData(poll, { run: runDetail() });
    expect(completed).toBe(true);
    expect(follower.liveMode()).toBe('off');
    await pause(30);
    expectNoOperation(http, 'RunDetail');
  });

  it('while live, re-reads now and then anyway, so a run that ended without an event is seen to end', async () => {
    let completed = false;
    follower
      .follow('run-1', 'live', { ...FAST, liveCheckMs: 10 })
      .subscribe({ complete: () => (completed = true) });
    expect(follower.liveMode()).toBe('live');
    await pause(30);
    // One read in flight at a time, however many checks came due meanwhile.
    answerData(expectOperation(http, 'RunDetail'), {
      run: runDetail({ status: 'failed', error: { code: 'step.internal', message: 'x' } }),
    });
    expect(follower.status()).toBe('failed');
    expect(completed).toBe(true);
    expect(subscriptions.last().closed).toBe(true);
  });

  it('stops following when unsubscribed: the stream is closed and no more reads are sent', async () => {
    const following = follower.follow('run-1', 'live', FAST).subscribe();
    const live = subscriptions.last();
    following.unsubscribe();
    expect(live.closed).toBe(true);
    follower.reread();
    await pause();
    expectNoOperation(http, 'RunDetail');
  });
});
