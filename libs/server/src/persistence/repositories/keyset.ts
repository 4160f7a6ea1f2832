/**
 * The sort key of the last row of a keyset page: a time (ISO 8601) and an id. It has the shape of
 * the API's `KeysetCursor`, so the API encodes it as an opaque cursor as it is and hands a decoded
 * cursor back as `after`. Repositories never encode or decode cursors themselves.
 */
export interface KeysetKey {
  t: string;
  id: string;
}

/** One page of rows and, when more follow, the key to continue after. */
export interface KeysetSlice<T> {
  rows: T[];
  nextKey: KeysetKey | null;
}
