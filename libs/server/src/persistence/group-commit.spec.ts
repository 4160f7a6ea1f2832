import { describe, expect, it } from 'vitest';
import { alignByKey, GroupCommit } from './group-commit.js';

/** Waits for a condition, a macrotask at a time, for at most a second. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 1_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

describe('group commit', () => {
  it('writes items arriving in the same tick in one batch and answers each with its own result', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      return items.map((i) => i * 10);
    });
    await expect(Promise.all([group.submit(1), group.submit(2), group.submit(3)])).resolves.toEqual([
      10, 20, 30,
    ]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('batches what arrives during a flush into the next one', async () => {
    const batches: number[] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const group = new GroupCommit<string, string>(async (items) => {
      batches.push(items.length);
      if (batches.length === 1) await first;
      return items;
    });
    const a = group.submit('a');
    await new Promise((r) => setImmediate(r));
    const later = [group.submit('b'), group.submit('c')];
    release();
    await Promise.all([a, ...later]);
    expect(batches).toEqual([1, 2]);
  });

  it('rejects every item of a failed batch and keeps working afterwards', async () => {
    let fail = true;
    const group = new GroupCommit<number, number>(async (items) => {
      if (fail) throw new Error('database down');
      return items;
    });
    await expect(group.submit(1)).rejects.toThrow('database down');
    fail = false;
    await expect(group.submit(2)).resolves.toBe(2);
  });

  it('caps a batch and flushes the rest next', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => group.submit(i)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('starts another flush while one is in flight, up to maxInFlight, and reports each flush', async () => {
    const releases: Array<() => void> = [];
    const batches: number[][] = [];
    const flushed: number[] = [];
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        await new Promise<void>((r) => releases.push(r));
        return items;
      },
      { maxInFlight: 2, onFlush: (size) => flushed.push(size) },
    );
    const settled = [group.submit(1)];
    await until(() => batches.length === 1);
    settled.push(group.submit(2));
    await until(() => batches.length === 2);
    // Both connections busy: these wait for the next free flush, together.
    settled.push(group.submit(3), group.submit(4));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2]]);
    releases[0]!();
    await until(() => batches.length === 3);
    expect(batches[2]).toEqual([3, 4]);
    releases[1]!();
    releases[2]!();
    await expect(Promise.all(settled)).resolves.toEqual([1, 2, 3, 4]);
    expect(flushed).toEqual([1, 1, 2]);
  });

  it('aligns results answered in another order, null for items without one', () => {
    const items = [{ k: 'a' }, { k: 'b' }, { k: 'c' }];
    const results = [
      { key: 'c', v: 3 },
      { key: 'a', v: 1 },
    ];
    expect(
      alignByKey(
        items,
        results,
        (i) => i.k,
        (r) => r.key,
      ),
    ).toEqual([{ key: 'a', v: 1 }, null, { key: 'c', v: 3 }]);
  });
});

describe('GroupCommit, as the webhook accept batch uses it', () => {
  it('sends the items submitted in one tick to the sink together and answers each its own result', async () => {
    const flushes: number[][] = [];
    const batch = new GroupCommit<number, string>(async (items) => {
      flushes.push(items);
      return items.map((i) => `r${i}`);
    });
    const results = await Promise.all([1, 2, 3].map((i) => batch.submit(i)));
    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('splits at maxBatch and collects what arrives during a flush into the next one', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batch = new GroupCommit<number, number>(
      async (items) => {
        flushes.push(items);
        if (flushes.length === 1) await gate;
        return items;
      },
      { maxBatch: 2, maxInFlight: 1 },
    );
    const first = [1, 2, 3].map((i) => batch.submit(i));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [4, 5].map((i) => batch.submit(i));
    release();
    expect(await Promise.all([...first, ...later])).toEqual([1, 2, 3, 4, 5]);
    expect(flushes).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every item of a flush whose sink throws, and goes on with the next', async () => {
    let calls = 0;
    const batch = new GroupCommit<number, number>(async (items) => {
      calls++;
      if (calls === 1) throw new Error('down');
      return items;
    });
    const failed = [1, 2].map((i) => batch.submit(i));
    await expect(Promise.all(failed)).rejects.toThrow('down');
    expect(await batch.submit(3)).toBe(3);
  });
});
