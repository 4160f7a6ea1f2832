import type { EntityManager } from 'typeorm';

/**
 * Re-encryption walks every tenant. Tenants are read through the owner-only `cross_tenant_read`
 * policy of the runs migration, so this runs on the schema owner's connection (the
 * re-encryption command's `DATABASE_MIGRATION_URL`), never the application's; each tenant's
 * secrets are then rewritten inside that tenant's RLS scope like any other write.
 */

/** Whether this connection's role owns the schema (the application role does not). */
export async function isSchemaOwner(m: EntityManager): Promise<boolean> {
  const rows: Array<{ owner: boolean }> = await m.query(
    `SELECT pg_has_role(current_user, c.relowner, 'MEMBER') AS owner FROM pg_class c WHERE c.oid = 'tenants'::regclass`,
  );
  return rows[0]?.owner === true;
}

/**
 * Up to `limit` tenant ids after `after`, in id order. Opens the owner's cross-tenant read of
 * `tenants` for this one statement and closes it again (the setting is transaction-local anyway).
 */
export async function tenantIdsAfter(
  m: EntityManager,
  after: string | null,
  limit: number,
): Promise<string[]> {
  await m.query(`SELECT set_config('app.cross_tenant', 'on', true)`);
  try {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT id FROM tenants WHERE $1::uuid IS NULL OR id > $1::uuid ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  } finally {
    await m.query(`SELECT set_config('app.cross_tenant', '', true)`);
  }
}

/**
 * A trigger's auth secret is encrypted bound to `trigger:<id>` (not a tenant secret's name), so
 * it decrypts for that trigger only. The webhook trigger code and re-encryption share this.
 */
export const triggerSecretBinding = (tenantId: string, triggerId: string) => ({
  tenantId,
  name: `trigger:${triggerId}`,
});
