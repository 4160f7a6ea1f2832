import { randomUUID } from 'node:crypto';
import { hashPassword, inScope } from '@stepline/server';
import type { DataSource } from 'typeorm';

export const DEMO = {
  email: 'demo@stepline.local',
  password: 'stepline-demo-password',
  name: 'Demo User',
  tenantName: 'Demo Workspace',
  tenantSlug: 'demo',
} as const;

export interface DemoSeedResult {
  created: boolean;
  tenantId: string;
  userId: string;
}

/**
 * The demo tenant and login that `npm start` prints. Idempotent: running it again finds the demo
 * user's membership and changes nothing. Runs as the application role, through RLS like the API.
 */
export async function seedDemo(db: DataSource): Promise<DemoSeedResult> {
  const existing: Array<{ id: string }> = await db.query(`SELECT id FROM users WHERE lower(email) = lower($1)`, [
    DEMO.email,
  ]);
  const userId = existing[0]?.id ?? randomUUID();
  if (existing[0]) {
    const tenants = await inScope(db, { userId }, (m) =>
      m.query(`SELECT tenant_id FROM memberships WHERE user_id = $1 ORDER BY created_at LIMIT 1`, [userId]),
    );
    if (tenants[0]) return { created: false, tenantId: tenants[0].tenant_id, userId };
  }
  const tenantId = randomUUID();
  const passwordHash = await hashPassword(DEMO.password);
  await inScope(db, { tenantId, userId }, async (m) => {
    if (!existing[0]) {
      await m.query(`INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`, [
        userId,
        DEMO.email,
        DEMO.name,
        passwordHash,
      ]);
    }
    await m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)`, [tenantId, DEMO.tenantSlug, DEMO.tenantName]);
    await m.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')`, [tenantId, userId]);
    await m.query(
      `INSERT INTO audit_log (tenant_id, actor_type, actor_label, action, target_type, target_id)
       VALUES ($1, 'system', 'seed', 'tenant.created', 'tenant', $2)`,
      [tenantId, tenantId],
    );
  });
  return { created: true, tenantId, userId };
}
