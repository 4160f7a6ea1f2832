import { Redis, type RedisOptions } from 'ioredis';
import type { Socket } from 'node:net';

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
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: role === 'queue',
    maxRetriesPerRequest: role === 'queue' ? null : 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...(role === 'client' ? { keyPrefix: `${prefix}:` } : {}),
    ...extra,
  });
  coalesceWrites(redis);
  return redis;
}

/**
 * Commands written to a connection during one batch of JavaScript work (an I/O callback and the
 * promise continuations it sets off) leave in one `writev`: the socket is corked at the first
 * command and uncorked on the next tick, before the event loop can wait for anything. Without it
 * every command is a write syscall of its own, and on these machines each wakes Redis on the other
 * core: a worker whose group commit finished 100 runs sent 100 `moveToFinished` writes. Unlike
 * ioredis' auto-pipelining, nothing waits for an earlier batch's answers.
 */
function coalesceWrites(redis: Redis): void {
  const patched = new WeakSet<Socket>();
  redis.on('connect', () => {
    const stream = (redis as unknown as { stream?: Socket }).stream;
    if (!stream || patched.has(stream) || typeof stream.cork !== 'function') return;
    patched.add(stream);
    const write = stream.write.bind(stream);
    let corked = false;
    stream.write = ((...args: Parameters<Socket['write']>) => {
      if (!corked) {
        corked = true;
        stream.cork();
        process.nextTick(() => {
          corked = false;
          stream.uncork();
        });
      }
      return (write as (...a: Parameters<Socket['write']>) => boolean)(...args);
    }) as Socket['write'];
  });
}
