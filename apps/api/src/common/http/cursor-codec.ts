import { AppError } from '@stepline/domain';

/**
 * The one cursor codec. A cursor is opaque to clients (base64url of a small JSON object) but it is
 * still client input: every field is checked against the type of the column it will be compared
 * with, so a forged cursor is a 400 `pagination.invalid_cursor`, never a database error. A list
 * declares its cursor once with `defineCursor({ field: cursorFields.… })`.
 */
export interface CursorField<T> {
  /** The accepted value, or undefined when the field is not acceptable. */
  parse(value: unknown): T | undefined;
}

/** Cursors this API issues are short; anything longer was not made by it. */
export const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What `Date.toISOString()` and our `to_char(…US"Z")` produce: UTC, up to microseconds. */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;
const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;

function isCalendarTime(value: string): boolean {
  const m = ISO_UTC.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  // Day 31 of a 30-day month or Feb 30 rolls over in Date.UTC: compare to catch it.
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // years 1–99 would otherwise be read as 1901–1999
  return day >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const cursorFields = {
  /** A `timestamptz` as strict ISO-8601 UTC, years 0001–9999 (well inside Postgres' range). */
  timestamptz: {
    parse: (v: unknown) => (typeof v === 'string' && isCalendarTime(v) ? v : undefined),
  } satisfies CursorField<string>,
  /** A `uuid` column; answered lower-case. */
  uuid: {
    parse: (v: unknown) => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : undefined),
  } satisfies CursorField<string>,
  /** An `int4` column, optionally narrowed (e.g. version numbers start at 1). */
  int4: ({ min = INT4_MIN, max = INT4_MAX }: { min?: number; max?: number } = {}): CursorField<number> => ({
    parse: (v: unknown) =>
      typeof v === 'number' &&
      Number.isInteger(v) &&
      v >= Math.max(min, INT4_MIN) &&
      v <= Math.min(max, INT4_MAX)
        ? v
        : undefined,
  }),
  /** A short text value (e.g. a name a list is sorted by), without NUL. */
  text: (maxLength: number): CursorField<string> => ({
    parse: (v: unknown) =>
      typeof v === 'string' && v.length <= maxLength && !v.includes('\u0000') ? v : undefined,
  }),
} as const;

type Schema = Record<string, CursorField<unknown>>;
export type CursorValue<S extends Schema> = { [K in keyof S]: S[K] extends CursorField<infer V> ? V : never };

export interface CursorCodec<T> {
  encode(value: T): string;
  /** The decoded cursor; throws `pagination.invalid_cursor` for anything this codec did not issue. */
  decode(cursor: string): T;
  /** `decode`, or null for an absent or empty cursor (the first page). */
  decodeOptional(cursor: string | null | undefined): T | null;
}

export const invalidCursor = (): AppError =>
  new AppError('pagination.invalid_cursor', 'The cursor was not issued for this list', {
    problems: [{ path: '/cursor', code: 'field.invalid', message: 'cursor is not valid' }],
  });

/** Base64url-decoded JSON of a cursor, or undefined; never throws. */
export function parseCursorJson(cursor: unknown): unknown {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor))
    return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export const encodeCursorJson = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** A cursor made of exactly these fields, each checked by its column type. */
export function defineCursor<S extends Schema>(schema: S): CursorCodec<CursorValue<S>> {
  const keys = Object.keys(schema);
  const decode = (cursor: string): CursorValue<S> => {
    const parsed = parseCursorJson(cursor);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidCursor();
    const own = Object.keys(parsed);
    if (own.length !== keys.length || !own.every((k) => Object.hasOwn(schema, k))) throw invalidCursor();
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const value = schema[key].parse((parsed as Record<string, unknown>)[key]);
      if (value === undefined) throw invalidCursor();
      out[key] = value;
    }
    return out as CursorValue<S>;
  };
  return {
    encode: (value) => encodeCursorJson(Object.fromEntries(keys.map((k) => [k, value[k]]))),
    decode,
    decodeOptional: (cursor) => (cursor ? decode(cursor) : null),
  };
}
