import { describe, expect, it } from 'vitest';
import { record, redo, startHistory, undo } from './editor-history';

describe('editor history', () => {
  it('undoes and redoes edits in order', () => {
    let h = startHistory('a');
    h = record(h, 'b');
    h = record(h, 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present).toBe('c');
    expect(redo(h)).toBe(h);
  });

  it('drops the redo branch when a new edit is recorded after an undo', () => {
    const h = record(undo(record(record(startHistory(1), 2), 3)), 4);
    expect(h.present).toBe(4);
    expect(h.future).toEqual([]);
    expect(h.past).toEqual([1, 2]);
  });

  it('records nothing for the same value and keeps at most the limit of steps', () => {
    const h = startHistory('x');
    expect(record(h, 'x')).toBe(h);
    let long = startHistory(0);
    for (let i = 1; i <= 10; i++) long = record(long, i, 3);
    expect(long.past).toEqual([7, 8, 9]);
  });
});
