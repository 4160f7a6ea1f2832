import {
  ConfigError,
  createDataSource,
  loadConfigFromProcess,
  reencryptAllSecrets,
  SecretsCipher,
} from '@stepline/server';

/**
 * `node apps/api/dist/cli/reencrypt-secrets.js [--batch-size=100]` (`npm run secrets:reencrypt`):
 * rewrites every tenant's secrets and webhook triggers' auth secrets under `SECRETS_ACTIVE_KEY_ID`. Connects as the schema owner
 * (`DATABASE_MIGRATION_URL`), the only role that may list tenants; each tenant's batch is written
 * in that tenant's RLS scope. Safe to rerun and to run while API and workers serve: done rows are
 * skipped, concurrent runs share the work. Exits 2 when some secret could not be decrypted (its
 * key is missing from SECRETS_KEYS): those are left as they were and listed.
 */
function batchSizeOf(argv: string[]): number {
  const arg = argv.find((a) => a.startsWith('--batch-size='));
  const size = arg ? Number(arg.slice('--batch-size='.length)) : 100;
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    throw new ConfigError(['--batch-size must be an integer between 1 and 10000']);
  }
  return size;
}

async function main() {
  const config = loadConfigFromProcess();
  const batchSize = batchSizeOf(process.argv.slice(2));
  const cipher = new SecretsCipher(config.secrets);
  const db = await createDataSource({
    url: config.databaseMigrationUrl,
    entities: [],
    poolSize: 1,
  }).initialize();
  try {
    const report = await reencryptAllSecrets(db, cipher, {
      batchSize,
      onBatch: ({ tenantId, reencrypted }) => console.log(`tenant ${tenantId}: ${reencrypted} re-encrypted`),
    });
    console.log(
      `re-encrypted ${report.reencrypted} secret(s) across ${report.tenants} tenant(s) under key "${cipher.activeKeyId}"`,
    );
    for (const f of report.failed) {
      console.error(
        `left secret ${f.name} (${f.secretId}) of tenant ${f.tenantId} under key "${f.keyId}": ${f.reason}`,
      );
    }
    if (report.failed.length > 0) process.exitCode = 2;
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
