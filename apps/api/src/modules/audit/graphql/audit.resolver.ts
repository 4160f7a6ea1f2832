import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { mapPage } from '../../../common/http/pagination.js';
import { auditFilterOf } from '../audit-filter.js';
import { toAuditRecord } from '../audit-record.js';
import { AuditService } from '../audit.service.js';
import { AuditLogArgs } from './audit.input.js';
import { AuditLogConnectionModel } from './audit.model.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Can('read', 'AuditLog')
  @Query(() => AuditLogConnectionModel, { description: 'The tenant audit log, newest first' })
  async auditLog(
    @CurrentPrincipal() p: Principal,
    @Args() args: AuditLogArgs,
  ): Promise<AuditLogConnectionModel> {
    return mapPage(
      await this.audit.list(p.tenantId, auditFilterOf(args.filter), args.limit, args.cursor),
      toAuditRecord,
    );
  }
}
