import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module.js';
import { EventsResolver } from './graphql/events.resolver.js';
import { EventsController } from './rest/events.controller.js';
import { EventsService } from './events.service.js';

/** `POST /v1/events` and `publishEvent`: resume waiting runs, fire event triggers. */
@Module({
  imports: [RunsModule],
  controllers: [EventsController],
  providers: [EventsService, EventsResolver],
})
export class EventsModule {}
