import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RUN_STATUSES, type RunStatus } from '@stepline/domain';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { MultilineText } from '../../../common/http/text-input.js';
import { IsFlowDescription, IsFlowName, IsFlowTags } from '../flow-fields.validation.js';
import { FLOW_LIMITS, RUN_STATS_DAYS, type FlowStatusFilter } from '../flows.types.js';

export { FLOW_LIMITS };

export const DEFINITION_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description:
    'A flow definition ({ schemaVersion: 1, steps, edges, inputSchema?, output?, settings? }). Drafts may be ' +
    'invalid while edited; publish validates them.',
} as const;

export class CreateFlowDto {
  @ApiProperty({ example: 'Welcome new customer', maxLength: FLOW_LIMITS.name })
  @IsFlowName()
  name!: string;

  @ApiPropertyOptional({ maxLength: FLOW_LIMITS.description })
  @IsOptional()
  @IsFlowDescription()
  @MultilineText()
  description?: string;

  @ApiPropertyOptional({ type: [String], maxItems: FLOW_LIMITS.tags, uniqueItems: true })
  @IsOptional()
  @IsFlowTags()
  tags?: string[];

  @ApiPropertyOptional({ ...DEFINITION_SCHEMA, description: 'The draft v1; default: an empty definition' })
  @IsOptional()
  @IsObject()
  definition?: Record<string, unknown>;
}

export class UpdateFlowDto {
  @ApiPropertyOptional({ maxLength: FLOW_LIMITS.name })
  @IsOptional()
  @IsFlowName()
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: FLOW_LIMITS.description,
    description: 'null clears it',
  })
  @IsOptional()
  @IsFlowDescription()
  @MultilineText()
  description?: string | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: FLOW_LIMITS.tags,
    uniqueItems: true,
    description: 'Replaces the tags',
  })
  @IsOptional()
  @IsFlowTags()
  tags?: string[];
}

export class FlowListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(FLOW_LIMITS.name)
  q?: string;

  @ApiPropertyOptional({ description: 'Only flows carrying this tag' })
  @IsOptional()
  @IsString()
  @MaxLength(FLOW_LIMITS.tag)
  tag?: string;

  @ApiPropertyOptional({ enum: ['active', 'archived'], default: 'active' })
  @IsOptional()
  @IsIn(['active', 'archived'])
  status?: FlowStatusFilter;
}

export class DefinitionProblemDto {
  @ApiProperty({ example: '/steps/1/config/url', description: 'JSON pointer into the definition' })
  path!: string;
  @ApiProperty({ example: 'config.required' }) code!: string;
  @ApiProperty() message!: string;
}

export class FlowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The creating user; null for API keys',
  })
  createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Revision of the saved draft; null when nothing is unpublished',
  })
  draftRevision!: number | null;
  @ApiProperty({ type: Number, nullable: true }) publishedVersion!: number | null;
  @ApiProperty({ description: 'Highest version number, the draft included' }) latestVersion!: number;
}

export class FlowLastRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FlowRunStatsDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the window the counts cover' }) since!: string;
  @ApiProperty({ description: `Real (non-test) runs of the last ${RUN_STATS_DAYS} days` }) runCount!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty({ description: 'Runs that reached a terminal status' }) finished!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'succeeded / finished (0..1); null when none finished',
  })
  successRate!: number | null;
  @ApiProperty({
    type: FlowLastRunDto,
    nullable: true,
    description: 'The newest real run, even from before the window; null when the flow never ran',
  })
  lastRun!: FlowLastRunDto | null;
}

export class FlowListItemDto extends FlowDto {
  @ApiProperty({ type: FlowRunStatsDto }) runStats!: FlowRunStatsDto;
}

export class FlowPageDto {
  @ApiProperty({ type: [FlowListItemDto] }) data!: FlowListItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class FlowDraftDto {
  @ApiProperty({ format: 'uuid' }) flowId!: string;
  @ApiProperty({ description: 'The version number the draft will get when published' }) version!: number;
  @ApiProperty({ description: 'Also sent as the ETag; name it in If-Match when writing' }) revision!: number;
  @ApiProperty({
    description: 'false: nothing saved since the last publish; this is the published definition',
  })
  saved!: boolean;
  @ApiProperty(DEFINITION_SCHEMA) definition!: Record<string, unknown>;
  @ApiProperty({
    type: [DefinitionProblemDto],
    description: 'What publish would refuse; empty when publishable',
  })
  problems!: DefinitionProblemDto[];
}

export class CreatedFlowDto extends FlowDto {
  @ApiProperty({ type: FlowDraftDto }) draft!: FlowDraftDto;
}
