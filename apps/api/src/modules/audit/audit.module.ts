import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';
import { AuditResolver } from './graphql/audit.resolver.js';
import { JsonScalar } from './graphql/json.scalar.js';
import { AuditController } from './rest/audit.controller.js';

/** Global: every feature records its changes through AuditService. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditResolver, JsonScalar],
  exports: [AuditService],
})
export class AuditModule {}
