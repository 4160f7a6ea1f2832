import {
  Global,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource, MixedList } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { createDataSource } from '../persistence/index.js';
import { createRedis } from '../queue/index.js';
import { createLogger, Metrics, type Logger } from '../telemetry/index.js';

/** Injection tokens of the process-wide resources every app shares. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const REDIS = Symbol('REDIS');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');

export interface CoreModuleOptions {
  service: 'api' | 'worker';
  config: AppConfig;
  entities: MixedList<Function>;
  /** Overrides for tests (e.g. a logger that writes nowhere). */
  logger?: Logger;
}

@Injectable()
class CoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    await Promise.allSettled([
      this.dataSource.isInitialized ? this.dataSource.destroy() : Promise.resolve(),
      this.redis.quit().catch(() => this.redis.disconnect()),
    ]);
    this.logger.info({ signal }, 'shutdown complete');
  }
}

/**
 * Config, Postgres, Redis, logs and metrics for one process. Global so feature modules inject the
 * tokens without re-importing; closed in reverse on shutdown.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    const { config } = options;
    const logger = options.logger ?? createLogger(options.service, config.logLevel);
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useValue: new Metrics(options.service) },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            createDataSource({
              url: config.databaseUrl,
              entities: options.entities,
              applicationName: `stepline-${options.service}`,
            }).initialize(),
        },
        { provide: REDIS, useFactory: () => createRedis(config.redisUrl, config.redisPrefix, 'client') },
        CoreLifecycle,
      ],
      exports: [APP_CONFIG, LOGGER, METRICS, DATA_SOURCE, REDIS],
    };
  }
}
