import type { DataSource } from 'typeorm';

/** A DataSource (or an EntityManager): what the cross-tenant functions need to send one statement. */
export type Queryable = Pick<DataSource, 'query'>;

/**
 * A value for a `jsonb` parameter. node-postgres would turn a JavaScript array into a Postgres
 * array, not JSON, so every JSON value is serialised here; null and undefined become SQL NULL.
 */
export const jsonParam = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);
