import { describe, expect, it, vi } from 'vitest';
import { CheckpointTrail } from './checkpoint-trail.js';
import type { RunCommit, RunStore, StepCheckpoint } from './run-store.types.js';

const row = (stepId: string): StepCheckpoint => ({
  tenantId: 't',
  runId: 'r',
  stepId,
  path: '',
  attempt: 1,
  status: 'succeeded',
  port: null,
  input: null,
  output: 1,
  error: null,
  logs: [],
  outputTruncated: false,
  startedAt: null,
  finishedAt: new Date(),
  durationMs: 0,
});

/** Records each commit; `existing` step ids answer "written already"; `gate` holds a commit open. */
function fakeStore(existing: string[] = [], startable = true) {
  const commits: RunCommit[] = [];
  let seq = 0;
  const gates: Array<() => void> = [];
  let holdNext = false;
  const store = {
    commits,
    hold() {
      holdNext = true;
    },
    release() {
      gates.shift()?.();
    },
    async commit(unit: RunCommit) {
      commits.push(unit);
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => gates.push(resolve));
      }
      return {
        seqs: unit.checkpoints.map((c) => (existing.includes(c.stepId) ? null : ++seq)),
        finished: Boolean(unit.finish),
        started: Boolean(unit.start) && startable,
      };
    },
  };
  return store as unknown as RunStore & typeof store;
}

const finish = { tenantId: 't', runId: 'r', status: 'succeeded' as const, result: { output: 3 } };

describe('CheckpointTrail', () => {
  it('commits buffered rows with the finish in one unit, and reports each row once committed', async () => {
    const store = fakeStore();
    const trail = new CheckpointTrail(store, null, 60_000);
    const committed: Array<[string, number]> = [];
    for (const id of ['a', 'b', 'c']) trail.add(row(id), (seq) => committed.push([id, seq]));
    expect(store.commits).toHaveLength(0);
    expect(committed).toEqual([]);
    const result = await trail.commit(finish);
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]!.checkpoints.map((c) => c.stepId)).toEqual(['a', 'b', 'c']);
    expect(store.commits[0]!.finish).toEqual(finish);
    expect(result).toEqual({ superseded: false, finished: true });
    expect(committed).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('does not go to the store when nothing is buffered', async () => {
    const store = fakeStore();
    const trail = new CheckpointTrail(store, null, 60_000);
    expect(await trail.commit()).toEqual({ superseded: false, finished: false });
    expect(store.commits).toHaveLength(0);
  });

  it('reports a row written already as superseded and does not announce it', async () => {
    const store = fakeStore(['b']);
    const trail = new CheckpointTrail(store, null, 60_000);
    const committed: string[] = [];
    for (const id of ['a', 'b']) trail.add(row(id), () => committed.push(id));
    expect((await trail.commit()).superseded).toBe(true);
    expect(trail.superseded).toBe(true);
    expect(committed).toEqual(['a']);
  });

  it('runs commits one after another: a finish waits for the commit in flight and takes what came since', async () => {
    const store = fakeStore();
    const trail = new CheckpointTrail(store, null, 60_000);
    trail.add(row('a'), () => undefined);
    store.hold();
    const first = trail.commit();
    await new Promise((r) => setImmediate(r)); // the first commit is at the store now
    trail.add(row('b'), () => undefined);
    const second = trail.commit(finish);
    await new Promise((r) => setImmediate(r));
    // The finish is not sent while the first commit is open.
    expect(store.commits).toHaveLength(1);
    store.release();
    await Promise.all([first, second]);
    expect(store.commits.map((c) => [c.checkpoints.map((x) => x.stepId), Boolean(c.finish)])).toEqual([
      [['a'], false],
      [['b'], true],
    ]);
  });

  it('commits in the background once the buffer is older than its age limit', async () => {
    const store = fakeStore();
    const trail = new CheckpointTrail(store, null, 5);
    trail.add(row('a'), () => undefined);
    const until = performance.now() + 10;
    while (performance.now() < until) {
      // let the buffer age
    }
    trail.add(row('b'), () => undefined);
    await new Promise((r) => setImmediate(r));
    expect(store.commits.map((c) => c.checkpoints.map((x) => x.stepId))).toEqual([['a', 'b']]);
    expect(trail.pending).toBe(0);
  });

  it('queues one background commit while one waits, however many rows arrive meanwhile', async () => {
    const store = fakeStore();
    const trail = new CheckpointTrail(store, null, 5);
    store.hold();
    trail.add(row('a'), () => undefined);
    const first = trail.commit();
    await new Promise((r) => setImmediate(r)); // its flush reached the store and is held there
    trail.add(row('b'), () => undefined);
    const ageUntil = performance.now() + 10;
    while (performance.now() < ageUntil) {
      // let the buffer age past its limit
    }
    const commit = vi.spyOn(trail, 'commit');
    for (const id of ['c', 'd', 'e', 'f']) trail.add(row(id), () => undefined);
    expect(commit).toHaveBeenCalledTimes(1); // one background commit queued behind the held one
    store.release();
    await first;
    await trail.commit(); // after the background one: nothing left for it
    expect(store.commits.map((c) => c.checkpoints.map((x) => x.stepId))).toEqual([
      ['a'],
      ['b', 'c', 'd', 'e', 'f'],
    ]);
    trail.add(row('g'), () => undefined); // a fresh buffer: no background commit yet
    expect(commit).toHaveBeenCalledTimes(2); // the background one and the explicit one above
  });

  it('throws a failed background commit at the next commit, and every commit after it', async () => {
    const failing = {
      commit: async () => {
        throw new Error('database down');
      },
    } as unknown as RunStore;
    const trail = new CheckpointTrail(failing, null, 0);
    trail.add(row('a'), () => undefined);
    trail.add(row('b'), () => undefined);
    await expect(trail.commit()).rejects.toThrow('database down');
    await expect(trail.commit(finish)).rejects.toThrow('database down');
  });
  const start = { tenantId: 't', runId: 'r', startedAt: new Date(1_000) };

  it('moves a queued run to running with its first commit, once, and says so', async () => {
    const store = fakeStore();
    let told = 0;
    const trail = new CheckpointTrail(store, start, 60_000, () => told++);
    trail.add(row('a'), () => undefined);
    await trail.commit();
    trail.add(row('b'), () => undefined);
    await trail.commit();
    trail.close();
    expect(store.commits.map((c) => [c.start, c.checkpoints.length])).toEqual([
      [start, 1],
      [undefined, 1],
    ]);
    expect(told).toBe(1);
  });

  it('commits a queued run straight to its end: the finish carries the start time, no start', async () => {
    const store = fakeStore();
    const trail = new CheckpointTrail(store, start, 60_000);
    trail.add(row('a'), () => undefined);
    await trail.commit(finish);
    trail.close();
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]!.start).toBeUndefined();
    expect(store.commits[0]!.finish).toEqual({ ...finish, startedAt: start.startedAt });
  });

  it('starts a run whose first step takes long in the background, and a refused start supersedes', async () => {
    const store = fakeStore([], false);
    const trail = new CheckpointTrail(store, start, 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(store.commits.map((c) => [c.start, c.checkpoints.length])).toEqual([[start, 0]]);
    expect(trail.superseded).toBe(true);
    trail.close();
  });
});
