import { randomUUID } from 'node:crypto';
import { assertValidDefinition } from '@stepline/domain';
import { hashPassword, inScope, inTenant } from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_FLOWS } from '../modules/flows/demo-flows.js';

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
  /** Names of the example flows this run created (none when they were all there). */
  flowsCreated: string[];
}

/**
 * The demo tenant and login that `npm start` prints, with published example flows. Idempotent:
 * running it again finds the demo user's membership and the flows by name, and changes nothing.
 * Runs as the application role, through RLS like the API.
 */
export async function seedDemo(db: DataSource): Promise<DemoSeedResult> {
  const tenant = await seedDemoTenant(db);
  return { ...tenant, flowsCreated: await seedDemoFlows(db, tenant.tenantId) };
}

async function seedDemoTenant(db: DataSource): Promise<Omit<DemoSeedResult, 'flowsCreated'>> {
  const existing: Array<{ id: string }> = await db.query(
    `SELECT id FROM users WHERE lower(email) = lower($1)`,
    [DEMO.email],
  );
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
    await m.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)`, [
      tenantId,
      DEMO.tenantSlug,
      DEMO.tenantName,
    ]);
    await m.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')`, [
      tenantId,
      userId,
    ]);
    await m.query(
      `INSERT INTO audit_log (tenant_id, actor_type, actor_label, action, target_type, target_id)
       VALUES ($1, 'system', 'seed', 'tenant.created', 'tenant', $2)`,
      [tenantId, tenantId],
    );
  });
  return { created: true, tenantId, userId };
}

/**
 * Each example flow missing by name, created with v1 published (valid, or the seed fails loudly),
 * and recorded in the audit log as the seed's doing.
 */
export async function seedDemoFlows(db: DataSource, tenantId: string): Promise<string[]> {
  return inTenant(db, tenantId, async (m) => {
    const existing: Array<{ id: string; name: string }> = await m.query(
      `SELECT id, name FROM flows WHERE tenant_id = $1 AND name = ANY($2::text[])`,
      [tenantId, DEMO_FLOWS.map((flow) => flow.name)],
    );
    const ids = new Map(existing.map((row) => [row.name, row.id]));
    const idOf = (name: string) => {
      const id = ids.get(name);
      if (!id) throw new Error(`demo flow "${name}" must be seeded before the flows that use it`);
      return id;
    };
    const created: string[] = [];
    for (const flow of DEMO_FLOWS) {
      if (ids.has(flow.name)) continue;
      const definition = assertValidDefinition(flow.definition(idOf));
      const rows: Array<{ id: string }> = await m.query(
        `INSERT INTO flows (tenant_id, name, description, tags) VALUES ($1, $2, $3, $4) RETURNING id`,
        [tenantId, flow.name, flow.description, flow.tags],
      );
      const flowId = rows[0].id;
      await m.query(
        `INSERT INTO flow_versions (tenant_id, flow_id, number, status, definition, change_note, revision, published_at)
         VALUES ($1, $2, 1, 'published', $3, $4, 1, now())`,
        [tenantId, flowId, JSON.stringify(definition), flow.changeNote],
      );
      await m.query(
        `INSERT INTO audit_log (tenant_id, actor_type, actor_label, action, target_type, target_id, after)
         VALUES ($1, 'system', 'seed', 'flow.published', 'flow', $2, $3)`,
        [tenantId, flowId, JSON.stringify({ name: flow.name, publishedVersion: 1 })],
      );
      if (flow.eventTrigger) await seedEventTrigger(m, tenantId, flowId, flow.eventTrigger);
      ids.set(flow.name, flowId);
      created.push(flow.name);
    }
    return created;
  });
}

/** An enabled event trigger on the flow's published version, audited as the seed's doing. */
async function seedEventTrigger(
  m: EntityManager,
  tenantId: string,
  flowId: string,
  config: { event: string; filter?: string },
): Promise<void> {
  const rows: Array<{ id: string }> = await m.query(
    `INSERT INTO triggers (tenant_id, flow_id, kind, enabled, config) VALUES ($1, $2, 'event', true, $3::jsonb)
     RETURNING id`,
    [tenantId, flowId, JSON.stringify(config)],
  );
  await m.query(
    `INSERT INTO audit_log (tenant_id, actor_type, actor_label, action, target_type, target_id, after)
     VALUES ($1, 'system', 'seed', 'trigger.created', 'trigger', $2, $3)`,
    [tenantId, rows[0].id, JSON.stringify({ flowId, kind: 'event', config })],
  );
}
