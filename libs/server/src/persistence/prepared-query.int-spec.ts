import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryFailedError, type DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../testing/index.js';
import { createDataSource } from './data-source.factory.js';
import { ENTITIES } from './entities/index.js';
import { preparedQuery } from './prepared-query.js';

const SQUARE = `SELECT $1::int * $1::int AS n`;

describe('preparedQuery (named statements on the transaction connection)', () => {
  let db: TestDatabase;
  let app: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createDataSource({ url: db.appUrl, entities: ENTITIES, poolSize: 1 }).initialize();
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  const prepared = (): Promise<string[]> =>
    app
      .query(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'test_%' ORDER BY name`)
      .then((rows: Array<{ name: string }>) => rows.map((r) => r.name));

  it('answers as m.query does and prepares the statement once on the connection', async () => {
    const answers = await app.transaction(async (m) => [
      await preparedQuery<{ n: number }>(m, 'test_square', SQUARE, [3]),
      await preparedQuery<{ n: number }>(m, 'test_square', SQUARE, [4]),
    ]);
    expect(answers).toEqual([[{ n: 9 }], [{ n: 16 }]]);
    expect(await app.transaction((m) => preparedQuery<{ n: number }>(m, 'test_square', SQUARE, [5]))).toEqual(
      [{ n: 25 }],
    );
    // One pooled connection: the statement stays prepared there, once.
    expect(await prepared()).toEqual(['test_square']);
  });

  it('fails as m.query does (QueryFailedError) and the transaction rolls back', async () => {
    const failing = app.transaction(async (m) => {
      await m.query(`CREATE TEMP TABLE kept (n int) ON COMMIT DROP`);
      await m.query(`INSERT INTO kept VALUES (1)`);
      await preparedQuery(m, 'test_divide', `SELECT 1 / $1::int AS n`, [0]);
    });
    await expect(failing).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failing).rejects.toMatchObject({ driverError: { code: '22012' } });
    // The connection is usable again and took nothing of the failed transaction along.
    expect(await app.transaction((m) => preparedQuery(m, 'test_square', SQUARE, [2]))).toEqual([{ n: 4 }]);
  });

  it('runs as an unnamed statement outside a transaction', async () => {
    expect(await preparedQuery(app.manager, 'test_unnamed', SQUARE, [6])).toEqual([{ n: 36 }]);
    expect(await prepared()).not.toContain('test_unnamed');
  });

  it('each statement name in the code base names one text (Postgres prepares a name once per connection)', () => {
    const root = join(__dirname, '..');
    const names = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (
          entry.name.endsWith('.ts') &&
          !entry.name.includes('.spec.') &&
          !entry.name.includes('int-spec')
        ) {
          for (const match of readFileSync(path, 'utf8').matchAll(
            /preparedQuery(?:<[^(]*?>)?\(\s*\w+,\s*'([^']+)'/g,
          )) {
            expect(names.get(match[1]), `${match[1]} in ${path} and ${names.get(match[1])}`).toBeUndefined();
            names.set(match[1], path);
          }
        }
      }
    };
    walk(root);
    expect([...names.keys()].sort()).toEqual(['find_flow', 'find_run_target', 'lock_slots', 'read_slots']);
  });
});
