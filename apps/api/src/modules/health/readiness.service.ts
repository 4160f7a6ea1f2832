import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@stepline/domain';
import { DATA_SOURCE, REDIS } from '@stepline/server';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export type DependencyState = 'up' | 'down';
export interface Readiness {
  status: 'ok';
  checks: { postgres: DependencyState; redis: DependencyState };
}

const CHECK_TIMEOUT_MS = 1_500;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

const probe = (work: () => Promise<unknown>): Promise<DependencyState> =>
  withTimeout(work()).then(
    () => 'up' as const,
    () => 'down' as const,
  );

/** Postgres and Redis reachable now? Each check is bounded so /ready answers even when one hangs. */
@Injectable()
export class ReadinessService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async check(): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    const checks = { postgres, redis };
    if (postgres === 'down' || redis === 'down') {
      throw new AppError('dependency.unavailable', 'A dependency is unreachable', { detail: { checks } });
    }
    return { status: 'ok', checks };
  }
}
