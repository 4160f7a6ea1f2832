import { AppError } from '@stepline/domain';

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

export const encodeCursor = (c: KeysetCursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(cursor: string): KeysetCursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed?.t === 'string' &&
      typeof parsed?.id === 'string' &&
      !Number.isNaN(Date.parse(parsed.t))
    ) {
      return parsed;
    }
  } catch {
    // fall through
  }
  throw AppError.validation([{ path: '/cursor', code: 'field.invalid', message: 'cursor is not valid' }]);
}

export const mapPage = <T, U>(page: Page<T>, map: (item: T) => U): Page<U> => ({
  data: page.data.map(map),
  nextCursor: page.nextCursor,
});
