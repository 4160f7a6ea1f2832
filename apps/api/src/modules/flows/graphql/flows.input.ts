import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../common/http/pagination.js';
import { MultilineText } from '../../../common/http/text-input.js';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';
import { IsFlowDescription, IsFlowName, IsFlowTags } from '../flow-fields.validation.js';
import { FLOW_LIMITS, type FlowStatusFilter } from '../flows.types.js';

@InputType()
export class FlowFilterInput {
  @Field({ nullable: true, description: 'Part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(FLOW_LIMITS.name)
  q?: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(FLOW_LIMITS.tag) tag?: string;

  @Field(() => String, { nullable: true, description: 'active (default) | archived' })
  @IsOptional()
  @IsIn(['active', 'archived'])
  status?: FlowStatusFilter;
}

@ArgsType()
export class FlowsArgs {
  @Field(() => FlowFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FlowFilterInput)
  filter?: FlowFilterInput;

  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(512) cursor?: string;
}

@InputType()
export class CreateFlowInput {
  @Field() @IsFlowName() name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsFlowDescription()
  @MultilineText()
  description?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsFlowTags()
  tags?: string[];

  @Field(() => JsonScalar, { nullable: true, description: 'The draft v1; default: an empty definition' })
  @IsOptional()
  @IsObject()
  definition?: Record<string, unknown>;
}

@InputType()
export class UpdateFlowInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsFlowName()
  name?: string;

  @Field(() => String, { nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsFlowDescription()
  @MultilineText()
  description?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsFlowTags()
  tags?: string[];
}
