import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { WEBHOOK_LIMITS, WEBHOOK_METHODS } from '../webhook-config.js';

const CONFIG_DOC = {
  type: 'object',
  additionalProperties: false,
  description:
    'Webhook settings; each field defaults as shown. `auth.secret` is write-only: no answer contains it.',
  properties: {
    methods: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_METHODS] }, default: ['POST'] },
    auth: {
      type: 'object',
      description:
        '`{ "type": "none" }` | `{ "type": "header", "header": "x-token", "secret": "…" }` | `{ "type": "hmac", "style": "standard" | "github", "secret": "whsec_…", "replayWindowSeconds": 300 }`',
    },
    responseMode: { type: 'string', enum: ['async', 'sync'], default: 'async' },
    timeoutSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: WEBHOOK_LIMITS.maxSyncTimeoutSeconds,
      default: 10,
    },
    headers: {
      type: 'array',
      items: { type: 'string' },
      description: 'Request headers copied into the run input (`input.headers`); others are dropped',
    },
    maxBodyBytes: {
      type: 'integer',
      minimum: 1,
      maximum: WEBHOOK_LIMITS.maxBodyBytes,
      default: WEBHOOK_LIMITS.defaultMaxBodyBytes,
    },
  },
} as const;

const VERSION_DOC = {
  type: Number,
  nullable: true,
  minimum: 1,
  description: 'A published version to pin; null (default) = the version published when a request arrives',
} as const;

export class CreateTriggerDto {
  @ApiPropertyOptional({ enum: ['webhook'], default: 'webhook' })
  @IsOptional()
  @IsIn(['webhook'])
  kind?: 'webhook';

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional(VERSION_DOC)
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  version?: number | null;

  @ApiPropertyOptional(CONFIG_DOC as never)
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class UpdateTriggerDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional(VERSION_DOC)
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  version?: number | null;

  @ApiPropertyOptional({ ...(CONFIG_DOC as object), description: 'Merged over the stored config' } as never)
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class TriggerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) flowId!: string;
  @ApiProperty({ enum: ['webhook', 'schedule', 'event'] }) kind!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Pinned version; null = the published one' })
  version!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Webhook settings (no secret)' })
  config!: Record<string, unknown>;
  @ApiProperty({ description: 'Whether an auth secret is stored (write-only)' }) hasSecret!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'whk_AbCdEfGh' }) tokenPrefix!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TriggerWithTokenDto extends TriggerDto {
  @ApiProperty({ description: 'Shown once: store it now. ≥ 256 random bits.' }) token!: string;
  @ApiProperty({ example: '/hooks/whk_…', description: 'The webhook path, relative to the API base URL' })
  url!: string;
}

export class TriggerListDto {
  @ApiProperty({ type: [TriggerDto] }) data!: TriggerDto[];
}
