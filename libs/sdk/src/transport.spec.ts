import { describe, expect, it } from 'vitest';
import { eachItem } from './transport.js';

describe('eachItem', () => {
  it('yields every page’s items in order, asking for the next page only as the iteration reaches it', async () => {
    const asked: Array<string | undefined> = [];
    const pages: Record<string, { data: number[]; nextCursor: string | null }> = {
      first: { data: [1, 2], nextCursor: 'c2' },
      c2: { data: [3], nextCursor: 'c3' },
      c3: { data: [], nextCursor: null },
    };
    const items = eachItem(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? 'first'];
    });
    expect(asked).toEqual([]);
    expect((await items.next()).value).toBe(1);
    expect(asked).toEqual([undefined]);
    const rest: number[] = [];
    for await (const item of items) rest.push(item);
    expect(rest).toEqual([2, 3]);
    expect(asked).toEqual([undefined, 'c2', 'c3']);
  });
});
