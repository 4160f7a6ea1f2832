import { describe, expect, it } from 'vitest';
import { afterSeqOf } from './last-event-id.js';

describe('afterSeqOf (Last-Event-ID)', () => {
  it('reads a step run seq and replays everything for anything else', () => {
    expect(afterSeqOf('42')).toBe(42);
    expect(afterSeqOf(' 7 ')).toBe(7);
    for (const v of [undefined, '', 'abc', '-1', '1e3', '9'.repeat(30), '1.5']) expect(afterSeqOf(v)).toBe(0);
  });
});
