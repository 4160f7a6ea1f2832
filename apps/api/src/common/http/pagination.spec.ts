import { AppError } from '@stepline/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorFields, defineCursor, encodeCursorJson } from './cursor-codec.js';
import { keysetAfter } from './keyset-page.js';
import {
  decodeCursor,
  decodeOpaqueCursor,
  encodeCursor,
  encodeOpaqueCursor,
  numberCursor,
} from './pagination.js';

const isN = (v: unknown): v is { n: number } => Number.isInteger((v as { n?: unknown })?.n);
const problemOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? { code: error.code, paths: error.problems.map((p) => p.path) } : error;
  }
  return undefined;
};
const INVALID = { code: 'pagination.invalid_cursor', paths: ['/cursor'] };
const ID = '00000000-0000-4000-8000-000000000001';

describe('cursors', () => {
  it('round-trip keyset, number and other opaque values', () => {
    const keyset = { t: '2026-11-22T01:02:03.456789Z', id: ID };
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
    expect(numberCursor.decode(numberCursor.encode({ n: 7 }))).toEqual({ n: 7 });
    expect(decodeOpaqueCursor(encodeOpaqueCursor({ n: 7 }), isN)).toEqual({ n: 7 });
    expect(keysetAfter(undefined)).toEqual({ t: null, id: null });
  });

  it('round-trip every time Date.toISOString produces in years 1–9999', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.uuid(),
        (date, id) => {
          const key = { t: date.toISOString(), id };
          expect(decodeCursor(encodeCursor(key))).toEqual(key);
        },
      ),
    );
  });

  it('answer 400 pagination.invalid_cursor on /cursor for garbage and wrong shapes', () => {
    for (const cursor of [
      '%%%',
      'bm9wZQ',
      '',
      'x'.repeat(600),
      encodeCursorJson([1]),
      encodeCursorJson(null),
    ]) {
      expect(problemOf(() => decodeCursor(cursor || '='))).toEqual(INVALID);
    }
    expect(problemOf(() => decodeCursor(encodeOpaqueCursor({ n: 1 })))).toEqual(INVALID);
    expect(problemOf(() => decodeOpaqueCursor(encodeOpaqueCursor({ n: 'one' }), isN))).toEqual(INVALID);
  });

  it('refuse times Postgres would refuse or read differently', () => {
    const forged = [
      '1',
      'yesterday',
      '2020-02-30T00:00:00Z',
      '2021-04-31T00:00:00Z',
      '2019-02-29T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      '0000-01-01T00:00:00Z',
      '2020-01-01T24:00:00Z',
      '2020-01-01T00:60:00Z',
      '2020-01-01T00:00:60Z',
      '2020-01-01 00:00:00Z',
      '2020-01-01T00:00:00',
      '2020-01-01T00:00:00+01:00',
      '2020-01-01T00:00:00.1234567Z',
      '2020-13-01T00:00:00Z',
      '2020-01-01T00:00:00Z\u0000',
    ];
    for (const t of forged)
      expect(
        problemOf(() => decodeCursor(encodeCursorJson({ t, id: ID }))),
        t,
      ).toEqual(INVALID);
    expect(decodeCursor(encodeCursorJson({ t: '2020-02-29T00:00:00Z', id: ID })).t).toBe(
      '2020-02-29T00:00:00Z',
    );
  });

  it('refuse ids that are not uuids, numbers outside int4, and extra or missing fields', () => {
    const keyset = (v: Record<string, unknown>) => () => decodeCursor(encodeCursorJson(v));
    const t = '2020-01-01T00:00:00Z';
    expect(problemOf(keyset({ t, id: 'x' }))).toEqual(INVALID);
    expect(problemOf(keyset({ t, id: 7 }))).toEqual(INVALID);
    expect(problemOf(keyset({ t }))).toEqual(INVALID);
    expect(problemOf(keyset({ t, id: ID, extra: 1 }))).toEqual(INVALID);
    expect(
      problemOf(() => decodeCursor(encodeCursorJson(JSON.parse(`{"t":"${t}","__proto__":{"id":"${ID}"}}`)))),
    ).toEqual(INVALID);
    for (const n of [0, -1, 2 ** 31, 1.5, '1', null, Number.POSITIVE_INFINITY]) {
      expect(
        problemOf(() => numberCursor.decode(encodeCursorJson({ n }))),
        String(n),
      ).toEqual(INVALID);
    }
    expect(numberCursor.decode(encodeCursorJson({ n: 2 ** 31 - 1 }))).toEqual({ n: 2 ** 31 - 1 });
  });

  it('never throw anything but pagination.invalid_cursor, whatever the cursor', () => {
    const codec = defineCursor({
      t: cursorFields.timestamptz,
      id: cursorFields.uuid,
      n: cursorFields.int4(),
      s: cursorFields.text(10),
    });
    const anyCursor = fc.oneof(
      fc.string(),
      fc.jsonValue().map(encodeCursorJson),
      fc
        .record({ t: fc.string(), id: fc.oneof(fc.uuid(), fc.string()), n: fc.double(), s: fc.string() })
        .map(encodeCursorJson),
    );
    fc.assert(
      fc.property(anyCursor, (cursor) => {
        const result = problemOf(() => codec.decode(cursor));
        if (result !== undefined) expect(result).toEqual(INVALID);
      }),
    );
  });
});
