import type { MixedList } from 'typeorm';
import { createDataSource } from './data-source.factory.js';

/** Applies pending migrations as the schema owner; returns the names of those applied. */
export async function runMigrations(url: string, migrations: MixedList<Function>): Promise<string[]> {
  const dataSource = createDataSource({
    url,
    entities: [],
    migrations,
    poolSize: 1,
    applicationName: 'stepline-migrate',
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
