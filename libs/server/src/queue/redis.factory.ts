import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'client' | 'queue';

/**
 * Redis connections. BullMQ needs `maxRetriesPerRequest: null` on its connections and forbids an
 * ioredis `keyPrefix` (it takes its own `prefix`); plain clients get the key prefix here so tests
 * and tenants of one Redis never collide. The caller owns the connection and must `quit()` it.
 */
export function createRedis(
  url: string,
  prefix: string,
  role: RedisRole = 'client',
  extra: RedisOptions = {},
): Redis {
  return new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: role === 'queue',
    maxRetriesPerRequest: role === 'queue' ? null : 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...(role === 'client' ? { keyPrefix: `${prefix}:` } : {}),
    ...extra,
  });
}
