import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createDataSource } from './data-source.factory.js';
import { ENTITIES, MembershipEntity, TenantEntity, UserEntity } from './entities/index.js';
import { enterScope, inScope, inTenant } from './tenant-transaction.js';
import type { DataSource } from 'typeorm';

/**
 * Isolation in depth through the repository layer: queries that deliberately leave out their
 * tenant filter still see only the tenant of the transaction.
 */
describe('inTenant (row-level security through TypeORM repositories)', () => {
  let db: TestDatabase;
  let app: DataSource;
  const a = randomUUID();
  const b = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createDataSource({ url: db.appUrl, entities: ENTITIES, poolSize: 2 }).initialize();
    for (const [tenantId, slug] of [
      [a, 'tenant-a'],
      [b, 'tenant-b'],
    ]) {
      await inTenant(app, tenantId, async (m) => {
        await m.insert(TenantEntity, { id: tenantId, slug, name: slug });
        const user = await m.insert(UserEntity, {
          email: `${slug}@example.com`,
          name: slug,
          passwordHash: 'x',
        });
        await m.insert(MembershipEntity, { tenantId, userId: user.identifiers[0].id, role: 'owner' });
      });
    }
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  it('returns only the transaction tenant’s rows from an unfiltered find()', async () => {
    const seen = await inTenant(app, a, (m) => m.find(MembershipEntity));
    expect(seen.map((r) => r.tenantId)).toEqual([a]);
    const tenants = await inTenant(app, b, (m) => m.getRepository(TenantEntity).find());
    expect(tenants.map((t) => t.slug)).toEqual(['tenant-b']);
  });

  it('returns nothing when no tenant is set, instead of everything', async () => {
    expect(await inScope(app, {}, (m) => m.find(MembershipEntity))).toEqual([]);
    expect(await app.getRepository(MembershipEntity).find()).toEqual([]);
  });

  it('refuses to write a row into another tenant', async () => {
    const other = (await inTenant(app, b, (m) => m.find(MembershipEntity)))[0];
    await expect(
      inTenant(app, a, (m) =>
        m.insert(MembershipEntity, { tenantId: b, userId: other.userId, role: 'viewer' }),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await inTenant(app, a, (m) =>
      m.update(MembershipEntity, { tenantId: b }, { role: 'viewer' }),
    );
    expect(updated.affected).toBe(0);
  });

  it('enterScope replaces every RLS setting of the running transaction', async () => {
    const settings = await inScope(app, { userId: randomUUID(), tokenHash: 'abc' }, async (m) => {
      await enterScope(m, { tenantId: a });
      return m.query(
        `SELECT current_setting('app.tenant_id', true) AS t, current_setting('app.user_id', true) AS u,
                current_setting('app.token_hash', true) AS h`,
      );
    });
    expect(settings).toEqual([{ t: a, u: '', h: '' }]);
  });

  it('never carries the tenant of one transaction to the next user of a pooled connection', async () => {
    await inTenant(app, a, (m) => m.find(MembershipEntity));
    const leaked = await app.query(`SELECT current_setting('app.tenant_id', true) AS t`);
    expect(leaked[0].t ?? '').toBe('');
  });
});
