import { Module } from '@nestjs/common';
import { FlowDraftsService } from './flow-drafts.service.js';
import { FlowVersionsService } from './flow-versions.service.js';
import { FlowsService } from './flows.service.js';
import { FlowVersionsResolver } from './graphql/flow-versions.resolver.js';
import { CreatedFlowStatsResolver, FlowsResolver } from './graphql/flows.resolver.js';
import { FlowDraftsController } from './rest/flow-drafts.controller.js';
import { FlowVersionsController } from './rest/flow-versions.controller.js';
import { FlowsController } from './rest/flows.controller.js';

/** Flows, their draft and their published history; REST and GraphQL over the same services. */
@Module({
  controllers: [FlowsController, FlowDraftsController, FlowVersionsController],
  providers: [
    FlowsService,
    FlowDraftsService,
    FlowVersionsService,
    FlowsResolver,
    CreatedFlowStatsResolver,
    FlowVersionsResolver,
  ],
  exports: [FlowsService, FlowVersionsService],
})
export class FlowsModule {}
