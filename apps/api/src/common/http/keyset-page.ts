import { AppError } from '@stepline/domain';
import { decodeCursor, encodeCursor, type KeysetCursor, type Page } from './pagination.js';
import { isUuid } from './uuid-param.pipe.js';

/**
 * The (time, id) a keyset page starts after, or nulls for the first page. The id is checked here
 * because it goes into a `::uuid` cast: a forged cursor is a validation error, not a 500.
 */
export function keysetAfter(cursor: string | undefined): { t: string | null; id: string | null } {
  if (!cursor) return { t: null, id: null };
  const after = decodeCursor(cursor);
  if (!isUuid(after.id)) {
    throw AppError.validation([{ path: '/cursor', code: 'field.invalid', message: 'cursor is not valid' }]);
  }
  return after;
}

/** Rows were fetched with `LIMIT limit + 1`: the extra row only says whether another page exists. */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (row: T) => KeysetCursor): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
