// Creates and drops the database the e2e and browser tests run against.
async function admin(ownerUrl, statements) {
  const { default: pg } = await import('pg');
  const u = new URL(ownerUrl);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

export const recreate = (ownerUrl, name) =>
  admin(ownerUrl, [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`]);

export const drop = (ownerUrl, name) => admin(ownerUrl, [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);

/** Deletes every Redis key of the run's prefix (queues, rate-limit counters). */
export async function dropRedisPrefix(url, prefix) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
