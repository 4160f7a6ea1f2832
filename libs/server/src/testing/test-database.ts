import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the integration global setup put the migrated template database. */
export interface TestDatabaseEnv {
  templateDatabase: string;
  /** postgres://owner@host/<db> with the database name replaced per test file. */
  ownerUrl: string;
  appUrl: string;
}

export interface TestDatabase {
  name: string;
  /** Application role: no ownership, RLS applies. */
  appUrl: string;
  /** Schema owner: for fixtures that must bypass the app's constraints. */
  ownerUrl: string;
  drop(): Promise<void>;
}

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function adminQuery(ownerUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function readTestDatabaseEnv(): TestDatabaseEnv {
  const templateDatabase = process.env.STEPLINE_TEST_TEMPLATE_DB;
  const ownerUrl = process.env.STEPLINE_TEST_OWNER_URL;
  const appUrl = process.env.STEPLINE_TEST_APP_URL;
  if (!templateDatabase || !ownerUrl || !appUrl) {
    throw new Error('integration tests need the int global setup (run them with `npm run test:int`)');
  }
  return { templateDatabase, ownerUrl, appUrl };
}

/**
 * A fresh, migrated database for one test file, cloned from the template in ~100 ms. Each file
 * gets its own, so files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(
  env: TestDatabaseEnv = readTestDatabaseEnv(),
): Promise<TestDatabase> {
  const name = `stepline_t_${randomBytes(6).toString('hex')}`;
  // Cloning fails with 55006 while anything else (autovacuum, a parallel clone's check) touches
  // the template for a moment; that is transient, so try again briefly.
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(env.ownerUrl, `CREATE DATABASE "${name}" TEMPLATE "${env.templateDatabase}"`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  return {
    name,
    appUrl: withDatabase(env.appUrl, name),
    ownerUrl: withDatabase(env.ownerUrl, name),
    drop: () => dropDatabase(env.ownerUrl, name),
  };
}

/**
 * Drops a database, ending connections still open to it. A backend whose client just closed may
 * linger for a moment and, on a server where the owner cannot signal it yet (42501), the drop is
 * tried again shortly.
 */
export async function dropDatabase(ownerUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(ownerUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export async function recreateDatabase(ownerUrl: string, name: string, template?: string): Promise<void> {
  await dropDatabase(ownerUrl, name);
  await adminQuery(ownerUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
}

export { withDatabase };
