import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * What a transaction may see under row-level security. `tenantId` is the normal case; `userId`
 * opens the user's own memberships and tenants (login, tenant switch); `tokenHash` opens the one
 * row whose secret the caller presented (refresh token, API key, invitation).
 */
export interface RlsScope {
  tenantId?: string;
  userId?: string;
  tokenHash?: string;
}

export interface ScopeOptions {
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off` for this transaction).
   * Only for writes nobody is told of before a later flushed commit makes them durable — e.g. a
   * run started with `wait`, answered only after the worker's (flushed) commit of its end: WAL is
   * written in order, so that flush covers this commit too. Postgres flushes such a commit within
   * 3 × `wal_writer_delay` (600 ms by default) on its own. Never for a write another request may be
   * answered from meanwhile (an idempotency or dedup key): that answer would not be durable.
   */
  unflushedCommit?: boolean;
}

/**
 * Runs `work` in a transaction whose RLS settings are `scope`. Every policy compares rows with
 * these settings, so a query that forgets its own filter still sees only what the scope allows.
 * `set_config(…, true)` is transaction-local: a pooled connection never carries it to the next
 * caller. The transaction starts and takes its scope in one round trip (`scopedBegin`); a scope
 * value that is not a plain id falls back to two (a bound parameter).
 */
export async function inScope<T>(
  dataSource: DataSource,
  scope: RlsScope,
  work: (manager: EntityManager) => Promise<T>,
  options: ScopeOptions = {},
): Promise<T> {
  const unflushed = options.unflushedCommit ? UNFLUSHED_COMMIT : '';
  const begin = scopedBegin(scope);
  if (!begin) {
    return dataSource.transaction(async (manager) => {
      await enterScope(manager, scope);
      if (unflushed) await commitUnflushed(manager);
      return work(manager);
    });
  }
  const runner = dataSource.createQueryRunner();
  let open = true;
  try {
    await runner.query(unflushed ? `${begin}; ${unflushed}` : begin);
    // What TypeORM's own startTransaction records, so commit, rollback and a nested
    // `manager.transaction` (a savepoint) behave as in `dataSource.transaction`.
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    const result = await work(runner.manager);
    await runner.commitTransaction();
    open = false;
    return result;
  } catch (error) {
    // Also when the BEGIN went through and the scope did not: never pool a connection mid-transaction.
    if (open) await abort(runner);
    throw error;
  } finally {
    await runner.release();
  }
}

async function abort(runner: QueryRunner): Promise<void> {
  try {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    else await runner.query('ROLLBACK');
  } catch {
    // A broken connection: the pool discards it.
  }
}

const UNFLUSHED_COMMIT = 'SET LOCAL synchronous_commit = off';

/**
 * Within a running transaction: its commit will not wait for the WAL flush (`ScopeOptions.
 * unflushedCommit` says when that is safe).
 */
export async function commitUnflushed(manager: EntityManager): Promise<void> {
  await manager.query(UNFLUSHED_COMMIT);
}

/** The scope's three settings in order (tenant, user, token hash); one left out is ''. */
const scopeValues = (scope: RlsScope): [string, string, string] => [
  scope.tenantId ?? '',
  scope.userId ?? '',
  scope.tokenHash ?? '',
];

/** Ids, hashes and '' — nothing that could close a SQL string literal. */
const PLAIN_VALUE = /^[0-9A-Za-z_-]{0,128}$/;

/**
 * `START TRANSACTION` and the scope's settings as one simple-protocol query (one round trip), or
 * null when a value is not plain (the caller then binds it as a parameter).
 */
export function scopedBegin(scope: RlsScope): string | null {
  const values = scopeValues(scope);
  if (!values.every((v) => PLAIN_VALUE.test(v))) return null;
  const [tenantId, userId, tokenHash] = values;
  return (
    `START TRANSACTION; SELECT set_config('app.tenant_id', '${tenantId}', true), ` +
    `set_config('app.user_id', '${userId}', true), set_config('app.token_hash', '${tokenHash}', true)`
  );
}

/**
 * Within a running transaction, replace all its RLS settings with `scope` (a setting `scope` leaves
 * out is cleared), e.g. once a token lookup named the tenant and the user.
 */
export async function enterScope(manager: EntityManager, scope: RlsScope): Promise<void> {
  await manager.query(
    `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
            set_config('app.token_hash', $3, true)`,
    scopeValues(scope),
  );
}

/** The common case: everything inside runs as tenant `tenantId`. */
export const inTenant = <T>(
  dataSource: DataSource,
  tenantId: string,
  work: (m: EntityManager) => Promise<T>,
  options?: ScopeOptions,
) => inScope(dataSource, { tenantId }, work, options);

/** Within a running transaction, switch the tenant (e.g. once a token lookup named it). */
export async function enterTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
}
