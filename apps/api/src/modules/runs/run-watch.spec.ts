import type { RunEvent } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import type { RunEventListener, RunEventsService } from './run-events.service.js';
import { RunWatch, type RunOutcome } from './run-watch.js';

/** An in-process stand-in for the Redis subscriber: records (un)subscriptions, emits on demand. */
class FakeEvents {
  listener: RunEventListener | undefined;
  subscribed = 0;
  unsubscribed = 0;
  constructor(private readonly fail = false) {}
  subscribe(_runId: string, listener: RunEventListener): Promise<() => Promise<void>> {
    if (this.fail) return Promise.reject(new Error('redis away'));
    this.subscribed++;
    this.listener = listener;
    return Promise.resolve(async () => {
      this.unsubscribed++;
      this.listener = undefined;
    });
  }
  emit(event: RunEvent): void {
    this.listener?.(event);
  }
  asService(): RunEventsService {
    return this as unknown as RunEventsService;
  }
}

const ended = (status: string, output?: unknown): RunEvent => ({
  type: 'run.status',
  runId: 'r1',
  status,
  at: new Date().toISOString(),
  ...(output === undefined ? {} : { output }),
});
const settled = (stepId: string): RunEvent => ({
  type: 'step.settled',
  runId: 'r1',
  seq: 1,
  stepId,
  path: stepId,
  attempt: 1,
  status: 'succeeded',
  at: new Date().toISOString(),
});

/** A run store read: answers the rows in order, the last one again, and counts the reads. */
const reads = (...rows: RunOutcome[]) => {
  let n = 0;
  const read = async () => rows[Math.min(n++, rows.length - 1)] as RunOutcome;
  return { read, count: () => n };
};
const running: RunOutcome = { status: 'running', output: null, response: null };
const done = (r: RunOutcome) => r.response != null;

describe('RunWatch', () => {
  it('answers from a terminal event that carries the output, without reading the run', async () => {
    const events = new FakeEvents();
    const store = reads(running);
    const watch = new RunWatch(events.asService(), 'r1', store.read, {
      done,
      fromEvent: (e) =>
        e.type === 'run.status' && e.output !== undefined
          ? { status: 'succeeded', output: e.output, response: null }
          : undefined,
    });
    expect(await watch.ready).toBe(true);
    const answer = watch.until(5);
    events.emit(ended('succeeded', { n: 42 }));
    expect(await answer).toEqual({ status: 'succeeded', output: { n: 42 }, response: null });
    expect(store.count()).toBe(0);
    expect(events.unsubscribed).toBe(1);
  });

  it('re-reads the run after an event that may settle it, and ends once the read says so', async () => {
    const events = new FakeEvents();
    const replied: RunOutcome = { status: 'running', output: null, response: { status: 201 } };
    const store = reads(running, replied);
    const watch = new RunWatch(events.asService(), 'r1', store.read, {
      done,
      settles: (e) => e.type === 'step.settled' && e.stepId === 'reply',
    });
    await watch.ready;
    const answer = watch.until(5);
    events.emit(settled('other')); // not a settling event: no read
    events.emit(settled('reply')); // first read: still running without a response
    events.emit(settled('reply')); // second read: the response is there
    expect(await answer).toEqual(replied);
    expect(store.count()).toBe(2);
  });

  it('keeps an event that came before `until` was called', async () => {
    const events = new FakeEvents();
    const finished: RunOutcome = { status: 'succeeded', output: 7, response: null };
    const store = reads(finished);
    const watch = new RunWatch(events.asService(), 'r1', store.read, { done });
    await watch.ready;
    events.emit(ended('succeeded'));
    // Let the read the event started finish before anyone waits.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await watch.until(5)).toEqual(finished);
    expect(store.count()).toBe(1);
  });

  it('reads the run first when live events are unavailable, and at the deadline', async () => {
    const events = new FakeEvents(true);
    const store = reads(running);
    const watch = new RunWatch(events.asService(), 'r1', store.read, { done });
    expect(await watch.ready).toBe(false);
    expect(await watch.until(0)).toEqual(running);
    // One read before waiting, one at the deadline.
    expect(store.count()).toBe(2);
  });

  it('unsubscribes when closed before the subscription was acknowledged', async () => {
    const events = new FakeEvents();
    const watch = new RunWatch(events.asService(), 'r1', reads(running).read, { done });
    watch.close();
    await watch.ready;
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.subscribed).toBe(1);
    expect(events.unsubscribed).toBe(1);
  });
});
