import {
  cursorFields,
  defineCursor,
  encodeCursorJson,
  invalidCursor,
  parseCursorJson,
} from './cursor-codec.js';

/** Cursor-paginated list: `{ data, nextCursor }`, `nextCursor` null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

/** Keyset cursor: the sort key of the last row (time + id), opaque to clients. */
export interface KeysetCursor {
  t: string;
  id: string;
}

/** The (timestamptz, uuid) cursor of every list sorted by time then id. */
export const keysetCursor = defineCursor({ t: cursorFields.timestamptz, id: cursorFields.uuid });

/** The cursor of lists ordered by a positive int4 (version numbers). */
export const numberCursor = defineCursor({ n: cursorFields.int4({ min: 1 }) });

/**
 * Prefer `defineCursor` (cursor-codec.ts), which checks every field by its column type. Kept for
 * values whose checks are a predicate; anything failing it is `pagination.invalid_cursor`.
 */
export const encodeOpaqueCursor = (value: unknown): string => encodeCursorJson(value);

export function decodeOpaqueCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  const parsed = parseCursorJson(cursor);
  if (parsed !== undefined && isValid(parsed)) return parsed;
  throw invalidCursor();
}

export const encodeCursor = (c: KeysetCursor): string => keysetCursor.encode(c);

export const decodeCursor = (cursor: string): KeysetCursor => keysetCursor.decode(cursor);

export const mapPage = <T, U>(page: Page<T>, map: (item: T) => U): Page<U> => ({
  data: page.data.map(map),
  nextCursor: page.nextCursor,
});
