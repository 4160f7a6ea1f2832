import { Module } from '@nestjs/common';
import { TenantsResolver } from './graphql/tenants.resolver.js';
import { TenantsController } from './rest/tenants.controller.js';
import { TenantsService } from './tenants.service.js';

/** The current tenant's profile and settings. */
@Module({
  controllers: [TenantsController],
  providers: [TenantsService, TenantsResolver],
})
export class TenantsModule {}
