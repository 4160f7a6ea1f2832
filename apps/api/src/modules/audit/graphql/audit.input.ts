import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../common/http/pagination.js';
import { ACTION_FILTER, ACTION_FILTER_MESSAGE } from '../audit-filter.js';

const ISO = { strict: true, strictSeparator: true };

/** The REST query filters; times are ISO 8601 strings, `from` inclusive, `to` exclusive. */
@InputType()
export class AuditLogFilterInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) actorId?: string;
  @Field({ nullable: true, description: 'An action, or a family of actions: `flow.*`' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(ACTION_FILTER, { message: ACTION_FILTER_MESSAGE })
  action?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) targetType?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) targetId?: string;
  @Field({ nullable: true }) @IsOptional() @IsISO8601(ISO) from?: string;
  @Field({ nullable: true }) @IsOptional() @IsISO8601(ISO) to?: string;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditLogFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditLogFilterInput)
  filter?: AuditLogFilterInput;

  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}
