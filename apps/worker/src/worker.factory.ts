import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig, Logger } from '@stepline/server';
import { WorkerModule } from './worker.module.js';

/** Builds the worker context; BullMQ workers start consuming on init and close on shutdown. */
export async function createWorker(config: AppConfig, logger?: Logger): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, logger }), {
    logger: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
