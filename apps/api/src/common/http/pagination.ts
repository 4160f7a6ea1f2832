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

/** Any cursor is opaque to clients: base64url of a small JSON value. */
export const encodeOpaqueCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** Decodes a cursor made by `encodeOpaqueCursor`; anything else is a 422 on `/cursor`. */
export function decodeOpaqueCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw AppError.validation([{ path: '/cursor', code: 'field.invalid', message: 'cursor is not valid' }]);
}

const isKeysetCursor = (v: unknown): v is KeysetCursor =>
  typeof (v as KeysetCursor)?.t === 'string' &&
  typeof (v as KeysetCursor)?.id === 'string' &&
  !Number.isNaN(Date.parse((v as KeysetCursor).t));

export const encodeCursor = (c: KeysetCursor): string => encodeOpaqueCursor(c);

export const decodeCursor = (cursor: string): KeysetCursor => decodeOpaqueCursor(cursor, isKeysetCursor);

export const mapPage = <T, U>(page: Page<T>, map: (item: T) => U): Page<U> => ({
  data: page.data.map(map),
  nextCursor: page.nextCursor,
});
