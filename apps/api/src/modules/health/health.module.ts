import { Module } from '@nestjs/common';
import { HealthResolver } from './graphql/health.resolver.js';
import { ReadinessService } from './readiness.service.js';
import { HealthController } from './rest/health.controller.js';

@Module({
  controllers: [HealthController],
  providers: [ReadinessService, HealthResolver],
})
export class HealthModule {}
