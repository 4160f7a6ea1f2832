import { MIGRATIONS } from '@stepline/migrations';
import { runMigrations } from '@stepline/server';
import { dropDatabase, recreateDatabase, withDatabase } from '@stepline/server/testing';
// @ts-expect-error plain ESM helper shared with the start script (no type declarations)
import { ensureServices } from '../../scripts/lib/services.mjs';

/**
 * Once per integration run: make sure Postgres and Redis are up, then build the migrated template
 * database that every test file clones (see createTestDatabase); drop it at the end.
 */
export default async function setup() {
  // One template per run: concurrent runs on one machine (several developers' shells, CI) must not
  // drop each other's template while it is being cloned.
  const template = `stepline_tpl_${process.pid}`;
  const env = (await ensureServices('stepline_test')) as Record<string, string>;
  const ownerUrl = withDatabase(env.DATABASE_MIGRATION_URL, template);
  await recreateDatabase(env.DATABASE_MIGRATION_URL, template);
  await runMigrations(ownerUrl, MIGRATIONS);
  process.env.STEPLINE_TEST_TEMPLATE_DB = template;
  process.env.STEPLINE_TEST_OWNER_URL = ownerUrl;
  process.env.STEPLINE_TEST_APP_URL = withDatabase(env.DATABASE_URL, template);
  process.env.STEPLINE_TEST_REDIS_URL = env.REDIS_URL;
  return async () => {
    await dropDatabase(env.DATABASE_MIGRATION_URL, template);
  };
}
