import { type Role } from '@stepline/domain';
import type { HttpClient } from '../../../testing/http-client.js';
import { tenantQuery, withTenantClient } from '../../../testing/tenant-db.js';
import { insertMember, signIn } from '../../../testing/tenant.factory.js';

/**
 * Fixtures shared by the identity integration tests (members, invitations, API keys, tenant):
 * members written straight to the database, the audit rows of a tenant, role-matrix tables.
 */

let seq = 0;

export const uniqueEmail = (label: string) =>
  `${label}.${++seq}.${Math.random().toString(36).slice(2, 8)}@example.com`;

export interface AuditRow {
  action: string;
  actor_type: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const auditRows = (ownerUrl: string, tenantId: string, action?: string) =>
  tenantQuery<AuditRow>(
    ownerUrl,
    tenantId,
    `SELECT action, actor_type, actor_id, target_type, target_id, before, after FROM audit_log
      WHERE tenant_id = $1 AND ($2::text IS NULL OR action = $2) ORDER BY created_at, id`,
    [tenantId, action ?? null],
  );

/** A user with password TEST_PASSWORD and a membership of `role`, written straight to the database. */
export async function addMember(
  ownerUrl: string,
  tenantId: string,
  role: Role,
  label: string = role,
): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(label);
  const id = await withTenantClient(ownerUrl, tenantId, (client) =>
    insertMember(client, tenantId, { email, name: `Member ${label}`, role }),
  );
  return { id, email };
}

export const login = async (http: HttpClient, email: string, tenantId?: string): Promise<string> =>
  (await signIn(http, email, tenantId)).accessToken;

/** For role-matrix tables: what each role may do, per product.md §1. */
export const ADMINS: Role[] = ['owner', 'admin'];
export const OWNERS: Role[] = ['owner'];
export const EVERYONE: Role[] = ['owner', 'admin', 'editor', 'operator', 'viewer'];
