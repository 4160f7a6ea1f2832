import { keysetCursor, type KeysetCursor, type Page } from './pagination.js';

/**
 * The (time, id) a keyset page starts after, or nulls for the first page. The cursor codec checks
 * both fields by their column types: a forged cursor is a 400, not a database cast error.
 */
export function keysetAfter(cursor: string | undefined): { t: string | null; id: string | null } {
  return keysetCursor.decodeOptional(cursor) ?? { t: null, id: null };
}

/** Rows were fetched with `LIMIT limit + 1`: the extra row only says whether another page exists. */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (row: T) => KeysetCursor): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? keysetCursor.encode(keyOf(last)) : null };
}
