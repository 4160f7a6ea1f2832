import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/index.js';
import { APP_CONFIG } from '../config/config.token.js';
import { DATA_SOURCE, REDIS } from '../nest/core.module.js';
import { RunStartLimiter } from './run-start-limiter.js';

/** One limiter per process (its quota cache is per process); the Redis budget is shared by all. */
export const RunStartLimiterProvider: Provider = {
  provide: RunStartLimiter,
  useFactory: (db: DataSource, redis: Redis, config: AppConfig) =>
    new RunStartLimiter(db, redis, config.quotas.defaults),
  inject: [DATA_SOURCE, REDIS, APP_CONFIG],
};
