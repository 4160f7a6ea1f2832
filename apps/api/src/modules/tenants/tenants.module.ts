import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module.js';
import { TenantsResolver } from './graphql/tenants.resolver.js';
import { TenantsController } from './rest/tenants.controller.js';
import { TenantsService } from './tenants.service.js';

/** The current tenant's profile and settings. */
@Module({
  imports: [RunsModule],
  controllers: [TenantsController],
  providers: [TenantsService, TenantsResolver],
})
export class TenantsModule {}
