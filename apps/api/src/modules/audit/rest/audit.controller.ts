import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import { Readable } from 'node:stream';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { mapPage } from '../../../common/http/pagination.js';
import { auditFilterOf } from '../audit-filter.js';
import { toAuditRecord } from '../audit-record.js';
import { AuditService } from '../audit.service.js';
import { AuditExportQueryDto, AuditLogPageDto, AuditLogQueryDto } from './audit.dto.js';

@ApiTags('audit-log')
@Controller('v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Can('read', 'AuditLog')
  @Get()
  @ApiOkResponse({ type: AuditLogPageDto, description: 'Newest first, cursor-paginated' })
  async list(@CurrentPrincipal() p: Principal, @Query() q: AuditLogQueryDto): Promise<AuditLogPageDto> {
    return mapPage(await this.audit.list(p.tenantId, auditFilterOf(q), q.limit, q.cursor), toAuditRecord);
  }

  @Can('export', 'AuditLog')
  @Get('export')
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({
    description: 'Every matching row, newest first, as an attachment',
    schema: { type: 'string' },
  })
  async export(@CurrentPrincipal() p: Principal, @Query() q: AuditExportQueryDto): Promise<StreamableFile> {
    const file = await this.audit.exportFile(p.tenantId, auditFilterOf(q), q.format);
    return new StreamableFile(Readable.from(file.body), {
      type: file.contentType,
      disposition: `attachment; filename="${file.filename}"`,
    });
  }
}
