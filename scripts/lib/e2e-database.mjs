// Drops and recreates the database the e2e and browser tests run against.
export async function recreate(ownerUrl, name) {
  const { default: pg } = await import('pg');
  const u = new URL(ownerUrl);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
