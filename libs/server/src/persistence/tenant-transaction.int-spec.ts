import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createDataSource } from './data-source.factory.js';
import { ENTITIES, MembershipEntity, TenantEntity, UserEntity } from './entities/index.js';
import { enterScope, inScope, inTenant, scopedBegin } from './tenant-transaction.js';
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

  it('sets every scope value in the one-round-trip begin, and binds values that are not plain ids', async () => {
    const read = (scope: Parameters<typeof inScope>[1]) =>
      inScope(app, scope, (m) =>
        m.query(
          `SELECT current_setting('app.tenant_id', true) AS t, current_setting('app.user_id', true) AS u,
                  current_setting('app.token_hash', true) AS h, now() = statement_timestamp() AS fresh`,
        ),
      );
    const user = randomUUID();
    expect(scopedBegin({ tenantId: a, userId: user, tokenHash: 'ab_c-1' })).not.toBeNull();
    expect(await read({ tenantId: a, userId: user, tokenHash: 'ab_c-1' })).toEqual([
      { t: a, u: user, h: 'ab_c-1', fresh: false },
    ]);
    // A quote, a backslash or a space is never spliced into SQL: it is bound as a parameter.
    for (const hostile of ["x'; DROP TABLE tenants; --", 'a\\b', 'a b']) {
      expect(scopedBegin({ tokenHash: hostile })).toBeNull();
      expect(await read({ tokenHash: hostile })).toEqual([{ t: '', u: '', h: hostile, fresh: false }]);
    }
  });

  it('rolls back when the work fails, and the pooled connection is not left inside a transaction', async () => {
    const slug = `rolled-back-${randomUUID().slice(0, 8)}`;
    const c = randomUUID();
    await expect(
      inTenant(app, c, async (m) => {
        await m.insert(TenantEntity, { id: c, slug, name: slug });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await inTenant(app, c, (m) => m.getRepository(TenantEntity).find())).toEqual([]);
    // A failing statement aborts the transaction; the next users of both pooled connections start clean.
    await expect(inTenant(app, a, (m) => m.query('SELECT 1/0'))).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 4; i++) {
      const [{ open }] = await app.query(`SELECT now() = statement_timestamp() AS open`);
      expect(open).toBe(true);
    }
  });

  it('supports a nested manager.transaction as a savepoint', async () => {
    const c = randomUUID();
    const slug = `nested-${c.slice(0, 8)}`;
    await inTenant(app, c, async (m) => {
      await m.insert(TenantEntity, { id: c, slug, name: slug });
      await expect(
        m.transaction(async (inner) => {
          await inner.update(TenantEntity, { id: c }, { name: 'changed' });
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    const [tenant] = await inTenant(app, c, (m) => m.getRepository(TenantEntity).find());
    expect(tenant?.name).toBe(slug);
  });

  it('commits without waiting for the WAL flush only when asked, and only for that transaction', async () => {
    const setting = (options?: { unflushedCommit?: boolean }) =>
      inTenant(app, a, (m) => m.query(`SELECT current_setting('synchronous_commit') AS s`), options);
    expect(await setting({ unflushedCommit: true })).toEqual([{ s: 'off' }]);
    expect(await setting()).toEqual([{ s: 'on' }]);
    expect(await setting({ unflushedCommit: true })).toEqual([{ s: 'off' }]);
    // The fallback path (a value bound as a parameter) honours it too.
    const bound = await inScope(
      app,
      { tokenHash: 'not plain' },
      (m) => m.query(`SELECT current_setting('synchronous_commit') AS s`),
      { unflushedCommit: true },
    );
    expect(bound).toEqual([{ s: 'off' }]);
    for (let i = 0; i < 4; i++)
      expect(await app.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
  });
});
