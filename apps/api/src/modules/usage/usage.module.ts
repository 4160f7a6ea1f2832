import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module.js';
import { UsageResolver } from './graphql/usage.resolver.js';
import { UsageController } from './rest/usage.controller.js';
import { UsageService } from './usage.service.js';

/** Usage per day with the quotas in force, for admins (README.md). */
@Module({
  imports: [RunsModule],
  controllers: [UsageController],
  providers: [UsageService, UsageResolver],
})
export class UsageModule {}
