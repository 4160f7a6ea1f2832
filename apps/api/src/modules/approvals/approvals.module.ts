import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module.js';
import { ApprovalsResolver } from './graphql/approvals.resolver.js';
import { ApprovalsController } from './rest/approvals.controller.js';
import { ApprovalsService } from './approvals.service.js';

/** Human approvals of waiting runs: list, read, decide (REST + GraphQL over one service). */
@Module({
  imports: [RunsModule],
  controllers: [ApprovalsController],
  providers: [ApprovalsService, ApprovalsResolver],
})
export class ApprovalsModule {}
