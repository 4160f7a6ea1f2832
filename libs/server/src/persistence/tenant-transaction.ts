import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in a transaction whose row-level-security tenant is `tenantId`. Every policy on a
 * tenant-owned table compares `tenant_id` with `current_setting('app.tenant_id')`, so a query that
 * forgets its own filter still sees only this tenant's rows. `set_config(…, true)` scopes the
 * setting to the transaction: a pooled connection never carries it to the next user.
 */
export async function inTenant<T>(
  dataSource: DataSource,
  tenantId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return work(manager);
  });
}
