import { MIGRATIONS } from '@stepline/migrations';
import { ConfigError, loadConfigFromProcess, runMigrations } from '@stepline/server';

/** `node apps/api/dist/cli/migrate.js`: applies pending migrations as the schema owner. */
async function main() {
  const config = loadConfigFromProcess();
  const applied = await runMigrations(config.databaseMigrationUrl, MIGRATIONS);
  console.log(
    applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'schema is up to date',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
