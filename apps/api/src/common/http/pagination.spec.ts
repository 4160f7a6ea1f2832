import { AppError } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeOpaqueCursor, encodeCursor, encodeOpaqueCursor } from './pagination.js';

const isN = (v: unknown): v is { n: number } => Number.isInteger((v as { n?: unknown })?.n);
const problemOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? { code: error.code, paths: error.problems.map((p) => p.path) } : error;
  }
  return undefined;
};

describe('cursors', () => {
  it('round-trip keyset and other opaque values', () => {
    const keyset = { t: '2026-11-22T01:02:03.456789Z', id: '00000000-0000-4000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
    expect(decodeOpaqueCursor(encodeOpaqueCursor({ n: 7 }), isN)).toEqual({ n: 7 });
  });

  it('answer a 422 on /cursor for garbage, a wrong shape or a bad time', () => {
    const invalid = { code: 'validation.failed', paths: ['/cursor'] };
    expect(problemOf(() => decodeCursor('%%%'))).toEqual(invalid);
    expect(problemOf(() => decodeCursor(encodeOpaqueCursor({ n: 1 })))).toEqual(invalid);
    expect(problemOf(() => decodeCursor(encodeOpaqueCursor({ t: 'yesterday', id: 'x' })))).toEqual(invalid);
    expect(problemOf(() => decodeOpaqueCursor(encodeOpaqueCursor({ n: 'one' }), isN))).toEqual(invalid);
  });
});
