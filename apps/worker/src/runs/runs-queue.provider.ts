import type { Provider } from '@nestjs/common';
import { APP_CONFIG, createRedis, QueueName, type AppConfig } from '@stepline/server';
import { Queue } from 'bullmq';

export const RUNS_QUEUE = Symbol('RUNS_QUEUE');

/** The runs queue as a producer (the sweeper re-enqueues lost runs); closed with the module. */
export const runsQueueProvider: Provider = {
  provide: RUNS_QUEUE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new Queue(QueueName.Runs, {
      connection: createRedis(config.redisUrl, config.redisPrefix, 'queue'),
      prefix: config.redisPrefix,
    }),
};
