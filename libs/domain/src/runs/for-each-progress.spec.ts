import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ForEachProgress,
  iterationIndexOf,
  iterationPath,
  lastIterationLevel,
  type IterationResult,
} from './for-each-progress.js';

const ok = (output: unknown): IterationResult => ({ ok: true, output });
const failed = (message: string): IterationResult => ({ ok: false, error: { code: 'step.failed', message } });

describe('ForEachProgress', () => {
  it('starts iterations in ascending order, never more than its concurrency at once', () => {
    const progress = new ForEachProgress(5, 2, 'fail');
    expect(progress.next()).toEqual([0, 1]);
    expect(progress.next()).toEqual([]);
    progress.settle(1, ok('b'));
    expect(progress.next()).toEqual([2]);
  });

  it('outputs results in input order whatever order they settle in', () => {
    const progress = new ForEachProgress(3, 3, 'fail');
    progress.next();
    progress.settle(2, ok('c'));
    progress.settle(0, ok('a'));
    expect(progress.done).toBe(false);
    progress.settle(1, ok('b'));
    expect(progress.done).toBe(true);
    expect(progress.outputs()).toEqual(['a', 'b', 'c']);
  });

  it('is done at once for no items', () => {
    const progress = new ForEachProgress(0, 1, 'fail');
    expect(progress.next()).toEqual([]);
    expect(progress.done).toBe(true);
    expect(progress.outputs()).toEqual([]);
  });

  it('stops starting under policy fail and ends once the in-flight iterations settle', () => {
    const progress = new ForEachProgress(6, 2, 'fail');
    progress.next();
    progress.settle(1, failed('boom'));
    expect(progress.next()).toEqual([]);
    expect(progress.done).toBe(false);
    progress.settle(0, ok('a'));
    expect(progress.done).toBe(true);
    expect(progress.failure).toMatchObject({ index: 1, error: { message: 'boom' } });
  });

  it('puts { error } in a failed slot and goes on under policy continue', () => {
    const progress = new ForEachProgress(2, 1, 'continue');
    progress.next();
    progress.settle(0, failed('boom'));
    expect(progress.next()).toEqual([1]);
    progress.settle(1, ok('b'));
    expect(progress.outputs()).toEqual([{ error: { code: 'step.failed', message: 'boom' } }, 'b']);
  });

  it('never starts an iteration settled by an earlier job', () => {
    const progress = new ForEachProgress(
      4,
      4,
      'fail',
      new Map([
        [1, ok('b')],
        [3, ok('d')],
      ]),
    );
    expect(progress.next()).toEqual([0, 2]);
  });

  it('holds its invariants for any settle order (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (count, concurrency, picks) => {
          const progress = new ForEachProgress(count, concurrency, 'continue');
          const running: number[] = [];
          let i = 0;
          for (;;) {
            running.push(...progress.next());
            expect(running.length).toBeLessThanOrEqual(concurrency);
            if (progress.done) break;
            const at = (picks[i++ % Math.max(picks.length, 1)] ?? 0) % running.length;
            const [index] = running.splice(at, 1) as [number];
            progress.settle(index, ok(index * 10));
          }
          expect(progress.outputs()).toEqual(Array.from({ length: count }, (_, k) => k * 10));
        },
      ),
    );
  });
});

describe('iteration paths', () => {
  it('name the loop and the index, nested loops joined by dots', () => {
    expect(iterationPath('', 'loop', 3)).toBe('loop[3]');
    expect(iterationPath('outer[1]', 'inner', 0)).toBe('outer[1].inner[0]');
    expect(iterationIndexOf('outer[1].inner[7]')).toBe(7);
    expect(iterationIndexOf('')).toBeNull();
  });

  it('reads back the innermost level iterationPath builds', () => {
    expect(lastIterationLevel(iterationPath('', 'loop', 3))).toEqual({ parent: '', loop: 'loop', index: 3 });
    const nested = iterationPath(iterationPath('', 'outer', 1), 'inner', 0);
    expect(lastIterationLevel(nested)).toEqual({ parent: 'outer[1]', loop: 'inner', index: 0 });
    expect(lastIterationLevel('')).toBeNull();
    expect(lastIterationLevel('loop')).toBeNull();
    expect(lastIterationLevel('loop[x]')).toBeNull();
  });
});
