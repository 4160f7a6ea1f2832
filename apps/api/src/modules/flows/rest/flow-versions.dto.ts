import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MultilineText } from '../../../common/http/text-input.js';
import { VERSION_REF_PATTERN } from '../flows.types.js';
import { DEFINITION_SCHEMA, FLOW_LIMITS } from './flows.dto.js';

const OPERATION_TYPES = [
  'addStep',
  'removeStep',
  'updateStep',
  'renameStep',
  'moveStep',
  'connect',
  'disconnect',
  'setOutput',
  'setInputSchema',
  'updateSettings',
];
const VERSION_REF_MESSAGE = 'must be "draft" or a version number';

export class SaveDraftDto {
  @ApiProperty(DEFINITION_SCHEMA)
  @IsObject()
  definition!: Record<string, unknown>;
}

export class ApplyOperationsDto {
  @ApiProperty({
    type: 'array',
    maxItems: 500,
    description: 'Applied in order, all or none (the flow-definition operations shared with the editor)',
    items: {
      type: 'object',
      required: ['type'],
      additionalProperties: true,
      properties: { type: { type: 'string', enum: OPERATION_TYPES } },
    },
  })
  @IsArray()
  @ArrayMaxSize(500)
  operations!: unknown[];
}

export class PublishFlowDto {
  @ApiPropertyOptional({ maxLength: FLOW_LIMITS.changeNote, example: 'Retry the CRM lookup' })
  @IsOptional()
  @IsString()
  @MaxLength(FLOW_LIMITS.changeNote)
  @MultilineText()
  changeNote?: string;
}

export class RollbackFlowDto {
  @ApiProperty({ minimum: 1, description: 'The version to publish a copy of' })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  version!: number;

  @ApiPropertyOptional({
    maxLength: FLOW_LIMITS.changeNote,
    description: 'Default: "rollback to v<version>"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(FLOW_LIMITS.changeNote)
  @MultilineText()
  changeNote?: string;
}

export class FlowDiffQueryDto {
  @ApiProperty({ example: '1', description: 'A version number or "draft"' })
  @IsString()
  @Matches(VERSION_REF_PATTERN, { message: `from ${VERSION_REF_MESSAGE}` })
  from!: string;

  @ApiProperty({ example: 'draft', description: 'A version number or "draft"' })
  @IsString()
  @Matches(VERSION_REF_PATTERN, { message: `to ${VERSION_REF_MESSAGE}` })
  to!: string;
}

export class FlowVersionDto {
  @ApiProperty() number!: number;
  @ApiProperty({ enum: ['draft', 'published', 'archived'] }) status!: 'draft' | 'published' | 'archived';
  @ApiProperty({ type: String, nullable: true }) changeNote!: string | null;
  @ApiProperty({ description: 'Draft revision it was saved at (published versions keep their last one)' })
  revision!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
}

export class FlowVersionDetailDto extends FlowVersionDto {
  @ApiProperty(DEFINITION_SCHEMA) definition!: Record<string, unknown>;
}

export class FlowVersionPageDto {
  @ApiProperty({ type: [FlowVersionDto] }) data!: FlowVersionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

const STEP_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'A step of the definition',
} as const;

export class FlowEdgeDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiPropertyOptional() when?: string;
}

export class FlowStepChangeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [String], example: ['config', 'config.url'] }) fields!: string[];
  @ApiProperty(STEP_SCHEMA) before!: Record<string, unknown>;
  @ApiProperty(STEP_SCHEMA) after!: Record<string, unknown>;
}

export class FlowStepsDiffDto {
  @ApiProperty({ type: 'array', items: STEP_SCHEMA }) added!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: STEP_SCHEMA }) removed!: Record<string, unknown>[];
  @ApiProperty({ type: [FlowStepChangeDto] }) changed!: FlowStepChangeDto[];
}

export class FlowEdgesDiffDto {
  @ApiProperty({ type: [FlowEdgeDto] }) added!: FlowEdgeDto[];
  @ApiProperty({ type: [FlowEdgeDto] }) removed!: FlowEdgeDto[];
}

export class FlowSettingsDiffDto {
  @ApiProperty({ type: [String], example: ['output', 'settings.timeoutMs'] }) changed!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) before!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) after!: Record<string, unknown>;
}

export class DiffSideDto {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['draft', 'published', 'archived'] }) status!: 'draft' | 'published' | 'archived';
}

export class FlowDiffDto {
  @ApiProperty({ type: DiffSideDto }) from!: DiffSideDto;
  @ApiProperty({ type: DiffSideDto }) to!: DiffSideDto;
  @ApiProperty({ type: FlowStepsDiffDto }) steps!: FlowStepsDiffDto;
  @ApiProperty({ type: FlowEdgesDiffDto }) edges!: FlowEdgesDiffDto;
  @ApiProperty({ type: FlowSettingsDiffDto }) settings!: FlowSettingsDiffDto;
}
