import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_NAME_PATTERN_SOURCE } from '@stepline/domain';
import { SCHEDULE_LIMITS } from '@stepline/server';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { TRIGGER_KINDS } from '../trigger-kinds.js';
import { WEBHOOK_LIMITS, WEBHOOK_METHODS } from '../webhook-config.js';

const WEBHOOK_CONFIG_DOC = {
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

const SCHEDULE_CONFIG_DOC = {
  type: 'object',
  additionalProperties: false,
  description:
    'Schedule: `{ "mode": "cron", "cron": "0 9 * * 1-5", "timezone": "Europe/Berlin" }` (5-field cron, IANA zone, default UTC) or `{ "mode": "interval", "intervalSeconds": 300 }` (≥ 60, slots aligned to the Unix epoch). Slots missed while no worker ran are skipped.',
  properties: {
    mode: { type: 'string', enum: ['cron', 'interval'] },
    cron: { type: 'string', maxLength: SCHEDULE_LIMITS.maxCronLength, example: '0 9 * * 1-5' },
    timezone: { type: 'string', default: 'UTC', example: 'Europe/Berlin' },
    intervalSeconds: {
      type: 'integer',
      minimum: SCHEDULE_LIMITS.defaultMinIntervalSeconds,
      maximum: SCHEDULE_LIMITS.maxIntervalSeconds,
    },
  },
  required: ['mode'],
} as const;

const EVENT_CONFIG_DOC = {
  type: 'object',
  additionalProperties: false,
  description: 'Event: the event name and an optional JSONata filter over the event',
  properties: {
    event: { type: 'string', pattern: EVENT_NAME_PATTERN_SOURCE, example: 'message.received' },
    filter: { type: 'string', example: "$lowercase(payload.text) in ['help','start']" },
  },
  required: ['event'],
} as const;

/** One of the three config shapes, by `kind`. */
const CONFIG_DOC = {
  description: 'Settings of the trigger’s kind',
  oneOf: [WEBHOOK_CONFIG_DOC, SCHEDULE_CONFIG_DOC, EVENT_CONFIG_DOC],
} as const;

const VERSION_DOC = {
  type: Number,
  nullable: true,
  minimum: 1,
  description: 'A published version to pin; null (default) = the version published when a request arrives',
} as const;

export class CreateTriggerDto {
  @ApiPropertyOptional({ enum: TRIGGER_KINDS, default: 'webhook' })
  @IsOptional()
  @IsIn([...TRIGGER_KINDS])
  kind?: (typeof TRIGGER_KINDS)[number];

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
  @ApiProperty({ type: String, nullable: true, description: 'The flow’s name' }) flowName!: string | null;
  @ApiProperty({ enum: ['webhook', 'schedule', 'event'] }) kind!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Pinned version; null = the published one' })
  version!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Settings of its kind (a webhook’s without the secret)',
  })
  config!: Record<string, unknown>;
  @ApiProperty({ description: 'Whether an auth secret is stored (write-only)' }) hasSecret!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'whk_AbCdEfGh' }) tokenPrefix!: string | null;
  @ApiProperty({
    type: [String],
    format: 'date-time',
    description: 'An enabled schedule’s next five fire times; empty otherwise',
  })
  nextFireTimes!: string[];
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'A schedule’s last start of a run',
  })
  lastFiredAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TriggerWithTokenDto extends TriggerDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A webhook’s token, shown once: store it now. ≥ 256 random bits. Null for other kinds.',
  })
  token!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/hooks/whk_…',
    description: 'The webhook path, relative to the API base URL; null for other kinds',
  })
  url!: string | null;
}

export class TriggerListDto {
  @ApiProperty({ type: [TriggerDto] }) data!: TriggerDto[];
}

export class TriggerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this flow’s triggers' })
  @IsOptional()
  @IsUUID()
  flowId?: string;

  @ApiPropertyOptional({ enum: TRIGGER_KINDS })
  @IsOptional()
  @IsIn([...TRIGGER_KINDS])
  kind?: (typeof TRIGGER_KINDS)[number];
}

export class TriggerPageDto {
  @ApiProperty({ type: [TriggerDto] }) data!: TriggerDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class SchedulePreviewDto {
  @ApiProperty({ enum: ['cron', 'interval'] }) @IsIn(['cron', 'interval']) mode!: 'cron' | 'interval';

  @ApiPropertyOptional({ example: '0 9 * * 1-5', description: '5-field cron (mode cron)' })
  @IsOptional()
  @IsString()
  @MaxLength(SCHEDULE_LIMITS.maxCronLength)
  cron?: string;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    default: 'UTC',
    description: 'IANA time zone (mode cron)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SCHEDULE_LIMITS.maxTimeZoneLength)
  timezone?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Seconds between slots (mode interval)' })
  @IsOptional()
  @IsInt()
  intervalSeconds?: number;
}

export class SchedulePreviewResultDto {
  @ApiProperty({ type: [String], format: 'date-time', description: 'The next five fire times' })
  nextFireTimes!: string[];
}
