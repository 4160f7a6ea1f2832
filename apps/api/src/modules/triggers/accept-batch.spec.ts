import { describe, expect, it } from 'vitest';
import { AcceptBatch } from './accept-batch.js';

describe('AcceptBatch', () => {
  it('sends the items submitted in one tick to the sink together and answers each its own result', async () => {
    const flushes: number[][] = [];
    const batch = new AcceptBatch<number, string>(async (items) => {
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
    const batch = new AcceptBatch<number, number>(
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
    const batch = new AcceptBatch<number, number>(async (items) => {
      calls++;
      if (calls === 1) throw new Error('down');
      return items;
    });
    const failed = [1, 2].map((i) => batch.submit(i));
    await expect(Promise.all(failed)).rejects.toThrow('down');
    expect(await batch.submit(3)).toBe(3);
  });
});
