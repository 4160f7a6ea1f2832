import { ConfigError, createDataSource, loadConfigFromProcess } from '@stepline/server';
import { DEMO, seedDemo } from './demo-seed.js';

/** `node apps/api/dist/cli/seed.js`: the demo tenant and login (idempotent). */
async function main() {
  const config = loadConfigFromProcess();
  const db = await createDataSource({ url: config.databaseUrl, entities: [], poolSize: 1 }).initialize();
  try {
    const result = await seedDemo(db);
    console.log(result.created ? 'seeded the demo tenant' : 'demo tenant already present');
    console.log(`demo login: ${DEMO.email} / ${DEMO.password}`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
