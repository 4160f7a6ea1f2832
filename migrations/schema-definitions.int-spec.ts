import { ENTITIES, createDataSource } from '@stepline/server';
import {
  createTestDatabase,
  dropDatabase,
  readTestDatabaseEnv,
  recreateDatabase,
  withDatabase,
  type TestDatabase,
} from '@stepline/server/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * TypeORM's schema diff (schema-drift.int-spec.ts) compares names only for CHECK constraints and
 * index predicates: an entity could say `status IN ('a','b')` while the migration says
 * `('a','b','c')` and it would pass. This test lets Postgres render both sides: the migrated
 * schema, and a scratch database TypeORM synchronises from the entities. Indexes the entities
 * leave to the migrations (`synchronize: false`) are not compared.
 */
describe('entities and migrations agree on constraint and index definitions', () => {
  let migrated: TestDatabase;
  let scratchName: string;
  let scratchUrl: string;

  beforeAll(async () => {
    migrated = await createTestDatabase();
    const env = readTestDatabaseEnv();
    scratchName = `stepline_sync_${randomBytes(6).toString('hex')}`;
    await recreateDatabase(env.ownerUrl, scratchName);
    scratchUrl = withDatabase(env.ownerUrl, scratchName);
    const ds = createDataSource({ url: scratchUrl, entities: ENTITIES, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.synchronize();
    } finally {
      await ds.destroy();
    }
  });
  afterAll(async () => {
    await migrated?.drop();
    if (scratchName) await dropDatabase(readTestDatabaseEnv().ownerUrl, scratchName);
  });

  async function catalog(url: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const checks = await client.query(
        `SELECT conrelid::regclass::text || '.' || conname AS name, pg_get_constraintdef(oid) AS def
           FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`,
      );
      // Index names are the contract; the rendered definition (columns, uniqueness, predicate)
      // must match. Primary keys are named by Postgres on one side and by TypeORM on the other.
      const indexes = await client.query(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
          WHERE c.relnamespace = 'public'::regnamespace AND NOT i.indisprimary
            AND c.relname <> 'schema_migrations'`,
      );
      const toMap = (rows: Array<{ name: string; def: string }>) =>
        Object.fromEntries(rows.map((r) => [r.name, r.def]).sort(([a], [b]) => a.localeCompare(b)));
      return { checks: toMap(checks.rows), indexes: toMap(indexes.rows) };
    } finally {
      await client.end();
    }
  }

  it('renders every CHECK constraint the same', async () => {
    const [fromMigrations, fromEntities] = [await catalog(migrated.ownerUrl), await catalog(scratchUrl)];
    expect(fromEntities.checks).toEqual(fromMigrations.checks);
  });

  it('renders every index the entities declare the same (columns, uniqueness, predicate)', async () => {
    const [fromMigrations, fromEntities] = [await catalog(migrated.ownerUrl), await catalog(scratchUrl)];
    // A column-level `unique: true` gets a hashed name from TypeORM; such an index must exist in
    // the migrations under any name, with the same definition.
    const hashed = (name: string) => /^"?(UQ|IDX)_[0-9a-f]{27}"?$/.test(name);
    const unnamed = (def: string) => def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON/, 'CREATE $1INDEX ON');
    const migratedUnnamed = new Set(Object.values(fromMigrations.indexes).map(unnamed));
    const differences: string[] = [];
    for (const [name, def] of Object.entries(fromEntities.indexes)) {
      if (hashed(name)) {
        if (!migratedUnnamed.has(unnamed(def))) differences.push(`no migrated index like ${def}`);
      } else if (fromMigrations.indexes[name] !== def) {
        differences.push(`${name}: entities ${def} / migrations ${fromMigrations.indexes[name] ?? 'none'}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
