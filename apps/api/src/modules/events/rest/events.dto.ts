import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { MultilineText } from '../../../common/http/text-input.js';
import { EVENT_ID_PATTERN, EVENT_LIMITS, EVENT_NAME_MESSAGE, EVENT_NAME_PATTERN } from '../events.types.js';

export class PublishEventDto {
  @ApiProperty({
    example: 'message.received',
    pattern: EVENT_NAME_PATTERN,
    description: 'Resumes runs waiting for this name (and key); starts flows with an event trigger on it',
  })
  @IsString()
  @Matches(new RegExp(EVENT_NAME_PATTERN), { message: EVENT_NAME_MESSAGE })
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: EVENT_LIMITS.key,
    example: '+491701234567',
    description: 'Correlation key: only runs waiting for this key (or for any key) are resumed',
  })
  @IsOptional()
  @IsString()
  @Length(1, EVENT_LIMITS.key)
  key?: string | null;

  @ApiPropertyOptional({
    description: `Any JSON value (default null), at most ${EVENT_LIMITS.payloadBytes} bytes as JSON; the waiting step's output and the triggered run's input.payload`,
    nullable: true,
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
    ],
  })
  @IsOptional()
  @MultilineText()
  payload?: unknown;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: EVENT_ID_PATTERN,
    example: 'wamid.HBgLNDkxNzAxMjM0NTY3',
    description:
      'Makes publishing idempotent: the same id again answers the first result and does nothing; with another body → 422 idempotency.key_reused',
  })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(EVENT_ID_PATTERN), { message: 'id must be 1–255 printable ASCII characters' })
  id?: string | null;
}

export class PublishedEventDto {
  @ApiProperty({ description: 'The publisher’s id, else a generated one' }) eventId!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Runs that were waiting for this name and key and now continue',
  })
  resumed!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Runs started by event triggers on this name whose filter matched',
  })
  started!: string[];
}
