import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { WEBHOOK_ALL_EVENTS, WEBHOOK_ENDPOINT_LIMITS, WEBHOOK_EVENT_TYPES } from '@stepline/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { MultilineText } from '../../../common/http/text-input.js';

const EVENT_CHOICES = [WEBHOOK_ALL_EVENTS, ...WEBHOOK_EVENT_TYPES];
const EVENTS_DOC: ApiPropertyOptions = {
  isArray: true,
  enum: EVENT_CHOICES,
  minItems: 1,
  maxItems: EVENT_CHOICES.length,
  example: ['run.succeeded', 'run.failed'],
  description: '`["*"]` for every event type, or a list of event types',
};
const URL_DOC = {
  maxLength: WEBHOOK_ENDPOINT_LIMITS.url,
  example: 'https://hooks.example.com/stepline',
  description: 'https (plain http only for addresses OUTBOUND_ALLOW_CIDRS opens); no credentials',
} as const;

export class CreateWebhookEndpointDto {
  @ApiProperty(URL_DOC)
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.url)
  url!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: WEBHOOK_ENDPOINT_LIMITS.description })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.description)
  @MultilineText()
  description?: string | null;

  @ApiProperty(EVENTS_DOC)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_CHOICES.length)
  @IsIn(EVENT_CHOICES, { each: true })
  eventTypes!: string[];

  @ApiPropertyOptional({ description: 'Default true' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional(URL_DOC)
  @ValidateIf((dto: UpdateWebhookEndpointDto) => dto.url !== undefined)
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.url)
  url?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: WEBHOOK_ENDPOINT_LIMITS.description,
    description: 'null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.description)
  @MultilineText()
  description?: string | null;

  @ApiPropertyOptional(EVENTS_DOC)
  @ValidateIf((dto: UpdateWebhookEndpointDto) => dto.eventTypes !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_CHOICES.length)
  @IsIn(EVENT_CHOICES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ description: 'Enabling clears a disable caused by a 410 answer' })
  @ValidateIf((dto: UpdateWebhookEndpointDto) => dto.enabled !== undefined)
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ isArray: true, enum: EVENT_CHOICES }) eventTypes!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '`gone` when a 410 answer disabled it',
  })
  disabledReason!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the secret replaced by the last rotation still signs deliveries',
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WebhookEndpointWithSecretDto {
  @ApiProperty({ type: WebhookEndpointDto }) endpoint!: WebhookEndpointDto;
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret (Standard Webhooks). Shown this once: store it now.',
  })
  secret!: string;
}

export class WebhookEndpointPageDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) data!: WebhookEndpointDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the `webhook-id` header of every attempt' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: 'pending' | 'delivered' | 'failed';
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WebhookDeliveryAttemptDto {
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: 'integer' }) durationMs!: number;
  @ApiProperty({ type: 'integer', nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'A failure code: net.timeout, http.status …' })
  error!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The start of the answer (≤ 2 KiB)' })
  responseExcerpt!: string | null;
}

export class WebhookDeliveryDetailDto extends WebhookDeliveryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body every attempt sends' })
  payload!: Record<string, unknown>;
  @ApiProperty({ type: [WebhookDeliveryAttemptDto] }) attemptLog!: WebhookDeliveryAttemptDto[];
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) data!: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
