import type { EntityManager } from 'typeorm';

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

/** The cursor carries a JavaScript date (milliseconds): compare truncated times (see flows). */
const CREATED_MS = `date_trunc('milliseconds', created_at)`;

/**
 * A newest-first page of the tenant's rows of `table` (`columns` selected, `id` and `createdAt`
 * among them), ordered and sought on (`created_at` to the millisecond, id); `nextKey` is the last
 * row's key when more follow. `table` and `columns` are the repository's constants, never input.
 */
export async function newestFirstPage<R extends { id: string; createdAt: Date }>(
  m: EntityManager,
  table: string,
  columns: string,
  tenantId: string,
  query: { after?: KeysetKey | null; limit: number },
): Promise<KeysetSlice<R>> {
  const rows: R[] = await m.query(
    `SELECT ${columns} FROM ${table}
      WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (${CREATED_MS}, id) < ($2::timestamptz, $3::uuid))
      ORDER BY ${CREATED_MS} DESC, id DESC LIMIT $4`,
    [tenantId, query.after?.t ?? null, query.after?.id ?? null, query.limit + 1],
  );
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return {
    rows: data,
    nextKey: rows.length > query.limit && last ? { t: last.createdAt.toISOString(), id: last.id } : null,
  };
}
