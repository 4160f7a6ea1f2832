import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ActorType } from '@stepline/server';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageLimitQuery } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { ACTION_FILTER, ACTION_FILTER_MESSAGE } from '../audit-filter.js';
import { EXPORT_FORMATS, type ExportFormat } from '../audit-export.js';

const ACTOR_TYPES: ActorType[] = ['user', 'api_key', 'system', 'anonymous'];
const ISO = { strict: true, strictSeparator: true };

/** Filters shared by the list and the export. Times are ISO 8601; `from` inclusive, `to` exclusive. */
export class AuditFilterQueryDto {
  @ApiPropertyOptional({ description: 'User or API key id of the actor' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @ApiPropertyOptional({ description: 'An action, or a family of actions with `.*`', example: 'flow.*' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(ACTION_FILTER, { message: ACTION_FILTER_MESSAGE })
  action?: string;

  @ApiPropertyOptional({ example: 'flow' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive lower bound' })
  @IsOptional()
  @IsISO8601(ISO)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive upper bound; later than `from`' })
  @IsOptional()
  @IsISO8601(ISO)
  to?: string;
}

/**
 * The `limit` of PageQueryDto, defaulted here because the service takes a number. The cursor keeps
 * the audit log's own bound (500, as on the GraphQL `auditLog` query), so it is not PageQueryDto's.
 */
export class AuditLogQueryDto extends AuditFilterQueryDto {
  @PageLimitQuery()
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class AuditExportQueryDto extends AuditFilterQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'ndjson' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'ndjson';
}

export class AuditActorDto {
  @ApiProperty({ enum: ACTOR_TYPES }) type!: ActorType;
  @ApiProperty({ type: String, nullable: true }) id!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Email of a user, name of an API key' }) label!:
    string | null;
}

export class AuditTargetDto {
  @ApiProperty({ example: 'flow' }) type!: string;
  @ApiProperty() id!: string;
}

export class AuditRecordDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ example: 'flow.published' }) action!: string;
  @ApiProperty({ type: AuditTargetDto, nullable: true }) target!: AuditTargetDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Secrets redacted',
  })
  before!: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Secrets redacted',
  })
  after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditRecordDto] }) data!: AuditRecordDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
