import { MIGRATIONS } from '@stepline/migrations';
import { runMigrations } from '@stepline/server';
import { recreateDatabase, withDatabase } from '@stepline/server/testing';
// @ts-expect-error plain ESM helper shared with the start script (no type declarations)
import { ensureServices } from '../../scripts/lib/services.mjs';

/**
 * Once per integration run: make sure Postgres and Redis are up, then build the migrated template
 * database that every test file clones (see createTestDatabase).
 */
export default async function setup() {
  const template = process.env.STEPLINE_TEST_TEMPLATE_DB ?? 'stepline_test_template';
  const env = (await ensureServices('stepline_test')) as Record<string, string>;
  const ownerUrl = withDatabase(env.DATABASE_MIGRATION_URL, template);
  await recreateDatabase(env.DATABASE_MIGRATION_URL, template);
  await runMigrations(ownerUrl, MIGRATIONS);
  process.env.STEPLINE_TEST_TEMPLATE_DB = template;
  process.env.STEPLINE_TEST_OWNER_URL = ownerUrl;
  process.env.STEPLINE_TEST_APP_URL = withDatabase(env.DATABASE_URL, template);
  process.env.STEPLINE_TEST_REDIS_URL = env.REDIS_URL;
}
