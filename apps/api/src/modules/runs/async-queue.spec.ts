import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

describe('AsyncQueue', () => {
  it('hands pushed values to the consumer in order, buffered or awaited', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    const pending = q.next();
    expect(await pending).toEqual({ value: 1, done: false });
    const waiting = q.next();
    q.push(2);
    expect(await waiting).toEqual({ value: 2, done: false });
  });

  it('drains the buffer after end, then finishes and closes once', async () => {
    let closed = 0;
    const q = new AsyncQueue<number>(() => void closed++);
    q.push(1);
    q.push(2);
    q.end();
    q.push(3);
    const seen: number[] = [];
    for await (const v of q) seen.push(v);
    expect(seen).toEqual([1, 2]);
    expect(closed).toBe(1);
  });

  it('return() ends a consumer waiting in next() at once and closes', async () => {
    let closed = 0;
    const q = new AsyncQueue<number>(() => void closed++);
    const waiting = q.next();
    await q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
    await q.return();
    expect(closed).toBe(1);
  });

  it('end() resolves a waiting consumer as done', async () => {
    const q = new AsyncQueue<number>();
    const waiting = q.next();
    q.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });
});
