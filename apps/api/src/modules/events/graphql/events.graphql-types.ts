import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { MultilineText } from '../../../common/http/text-input.js';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';
import { EVENT_ID_PATTERN, EVENT_LIMITS, EVENT_NAME_MESSAGE, EVENT_NAME_PATTERN } from '../events.types.js';

@InputType()
export class PublishEventInput {
  @Field({ description: 'e.g. message.received (1–200 of A–Z a–z 0–9 . _ : -)' })
  @IsString()
  @Matches(new RegExp(EVENT_NAME_PATTERN), { message: EVENT_NAME_MESSAGE })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Correlation key (1–255 characters)' })
  @IsOptional()
  @IsString()
  @Length(1, EVENT_LIMITS.key)
  key?: string | null;

  @Field(() => JsonScalar, { nullable: true, description: 'Any JSON value (default null)' })
  @IsOptional()
  @MultilineText()
  payload?: unknown;

  @Field(() => String, {
    nullable: true,
    description: 'Idempotency: the same id again answers the first result and does nothing',
  })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(EVENT_ID_PATTERN), { message: 'id must be 1–255 printable ASCII characters' })
  id?: string | null;
}

@ObjectType('PublishedEvent')
export class PublishedEventModel {
  @Field({ description: 'The publisher’s id, else a generated one' }) eventId!: string;
  @Field(() => [ID], { description: 'Runs that were waiting for this name and key and now continue' })
  resumed!: string[];
  @Field(() => [ID], { description: 'Runs started by event triggers whose filter matched' })
  started!: string[];
}
