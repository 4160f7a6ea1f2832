import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { PageArgs } from '../../../common/http/page-query.dto.js';
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
} from 'class-validator';
import { MultilineText } from '../../../common/http/text-input.js';

const EVENT_CHOICES = [WEBHOOK_ALL_EVENTS, ...WEBHOOK_EVENT_TYPES];

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: 'https (plain http only for addresses OUTBOUND_ALLOW_CIDRS opens)' })
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.url)
  url!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.description)
  @MultilineText()
  description?: string | null;

  @Field(() => [String], { description: `["*"] or some of: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_CHOICES.length)
  @IsIn(EVENT_CHOICES, { each: true })
  eventTypes!: string[];

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.url)
  url?: string;

  @Field(() => String, { nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_ENDPOINT_LIMITS.description)
  @MultilineText()
  description?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_CHOICES.length)
  @IsIn(EVENT_CHOICES, { each: true })
  eventTypes?: string[];

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** A page of one endpoint's delivery log. */
@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID) @IsString() @MaxLength(64) endpointId!: string;
}
