import { ENTITIES, createDataSource } from '@stepline/server';
import { createTestDatabase, type TestDatabase } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './index.js';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('leave no difference between the entities and the migrated schema', async () => {
    const ds = createDataSource({ url: db.ownerUrl, entities: ENTITIES, poolSize: 1 });
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('run down and up again cleanly', async () => {
    const ds = createDataSource({ url: db.ownerUrl, entities: [], migrations: MIGRATIONS, poolSize: 1 });
    await ds.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left = await ds.query(`SELECT count(*)::int AS n FROM schema_migrations`);
      expect(left[0].n).toBe(0);
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
    } finally {
      await ds.destroy();
    }
  });
});
