import { Module } from '@nestjs/common';
import { RunStartLimiter, RunStartLimiterProvider } from '@stepline/server';
import { RunsResolver } from './graphql/runs.resolver.js';
import { RunEventsController } from './rest/run-events.controller.js';
import { RunsController } from './rest/runs.controller.js';
import { RunEventStreamService } from './run-event-stream.service.js';
import { RunEventsService } from './run-events.service.js';
import { RunQueueProvider } from './run-queue.provider.js';
import { RunsService } from './runs.service.js';

/** Runs: start, read, list, cancel, retry, resume, and their live events; REST and GraphQL over one service. */
@Module({
  controllers: [RunsController, RunEventsController],
  providers: [
    RunsService,
    RunEventsService,
    RunEventStreamService,
    RunQueueProvider,
    RunsResolver,
    RunStartLimiterProvider,
  ],
  exports: [RunsService, RunQueueProvider, RunStartLimiter],
})
export class RunsModule {}
