import { Inject, Injectable } from '@nestjs/common';
import { AppError, type ErrorCode } from '@stepline/domain';
import { REDIS } from '@stepline/server';
import type { Redis } from 'ioredis';

export interface RateLimit {
  /** Distinguishes counters: `login:ip`, `login:email` … */
  bucket: string;
  key: string;
  max: number;
  windowSeconds: number;
  /** What the 429 says; login throttling by default. */
  code?: Extract<ErrorCode, 'auth.rate_limited' | 'quota.exceeded'>;
  message?: string;
}

/**
 * Fixed-window counters in Redis, shared by every API instance. Exceeding a limit throws a 429
 * with `Retry-After` set to the seconds left in the window.
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async hit(limit: RateLimit): Promise<void> {
    const key = `rl:${limit.bucket}:${limit.key}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [
      [unknown, number],
      [unknown, number],
    ];
    if (ttl < 0) await this.redis.expire(key, limit.windowSeconds);
    if (count > limit.max) {
      throw new AppError(
        limit.code ?? 'auth.rate_limited',
        limit.message ?? 'Too many attempts; try again later',
        {
          retryAfterSeconds: ttl > 0 ? ttl : limit.windowSeconds,
        },
      );
    }
  }

  async reset(bucket: string, key: string): Promise<void> {
    await this.redis.del(`rl:${bucket}:${key}`);
  }
}
