import type { DataSource, EntityManager } from 'typeorm';

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

/**
 * Runs `work` in a transaction whose RLS settings are `scope`. Every policy compares rows with
 * these settings, so a query that forgets its own filter still sees only what the scope allows.
 * `set_config(…, true)` is transaction-local: a pooled connection never carries it to the next
 * caller.
 */
export async function inScope<T>(
  dataSource: DataSource,
  scope: RlsScope,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await enterScope(manager, scope);
    return work(manager);
  });
}

/**
 * Within a running transaction, replace all its RLS settings with `scope` (a setting `scope` leaves
 * out is cleared), e.g. once a token lookup named the tenant and the user.
 */
export async function enterScope(manager: EntityManager, scope: RlsScope): Promise<void> {
  await manager.query(
    `SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true),
            set_config('app.token_hash', $3, true)`,
    [scope.tenantId ?? '', scope.userId ?? '', scope.tokenHash ?? ''],
  );
}

/** The common case: everything inside runs as tenant `tenantId`. */
export const inTenant = <T>(
  dataSource: DataSource,
  tenantId: string,
  work: (m: EntityManager) => Promise<T>,
) => inScope(dataSource, { tenantId }, work);

/** Within a running transaction, switch the tenant (e.g. once a token lookup named it). */
export async function enterTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
}
