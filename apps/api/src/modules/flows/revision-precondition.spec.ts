import { describe, expect, it } from 'vitest';
import { etagOf, matchesRevision, parseIfMatch } from './revision-precondition.js';

describe('If-Match preconditions', () => {
  it('are absent when the header is', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('read a strong tag, a list of tags and the wildcard', () => {
    expect(parseIfMatch('"3"')).toEqual([3]);
    expect(parseIfMatch(' "3" , "5"')).toEqual([3, 5]);
    expect(parseIfMatch('*')).toBe('*');
  });

  it('let weak and malformed tags match nothing, so the write fails instead of going through', () => {
    for (const header of ['W/"3"', '3', '"abc"', '', '"1e3"']) {
      const parsed = parseIfMatch(header);
      expect(parsed).toEqual([]);
      expect(matchesRevision(parsed!, 3)).toBe(false);
    }
  });

  it('match the current revision, or any with the wildcard', () => {
    expect(matchesRevision([2, 3], 3)).toBe(true);
    expect(matchesRevision([2], 3)).toBe(false);
    expect(matchesRevision('*', 42)).toBe(true);
  });

  it('round-trip with the ETag the API sends', () => {
    expect(parseIfMatch(etagOf(17))).toEqual([17]);
  });
});
