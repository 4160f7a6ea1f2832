import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { RUN_STATUSES, RUN_TRIGGERS, type RunStatus, type RunTrigger } from '@stepline/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../../common/http/page-query.dto.js';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';
import { MAX_WAIT_SECONDS } from '../runs.types.js';

const ISO = { strict: true, strictSeparator: true };

@InputType('StartRunInput')
export class StartRunInput {
  @Field(() => JsonScalar, { nullable: true, description: 'Validated against the flow’s inputSchema' })
  @IsOptional()
  input?: unknown;

  @Field(() => String, {
    nullable: true,
    description: 'A version number or "draft" (a test run); default the published version',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(draft|[1-9][0-9]{0,8})$/, { message: 'version must be a version number or "draft"' })
  version?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Seconds (0–${MAX_WAIT_SECONDS}) to wait for the run to finish`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WAIT_SECONDS)
  wait?: number;

  @Field(() => String, { nullable: true, description: 'Same key + same input and version → the same run' })
  @IsOptional()
  @IsString()
  idempotencyKey?: string;
}

@InputType('RunFilter')
export class RunFilterInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() flowId?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(RUN_STATUSES.length)
  @IsIn(RUN_STATUSES, { each: true })
  status?: RunStatus[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(RUN_TRIGGERS.length)
  @IsIn(RUN_TRIGGERS, { each: true })
  trigger?: RunTrigger[];

  @Field({ nullable: true, description: 'Created at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601(ISO)
  from?: string;

  @Field({ nullable: true, description: 'Created before (ISO 8601)' })
  @IsOptional()
  @IsISO8601(ISO)
  to?: string;

  @Field({ nullable: true }) @IsOptional() @IsBoolean() isTest?: boolean;
}

@ArgsType()
export class RunsArgs extends PageArgs {
  @Field(() => RunFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RunFilterInput)
  filter?: RunFilterInput;
}
