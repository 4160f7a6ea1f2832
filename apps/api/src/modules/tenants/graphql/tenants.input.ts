import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { QuotaValue } from '../quota-field.js';

@InputType()
export class TenantSettingsInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(365) retentionDays?: number;
  @Field(() => Int, { nullable: true }) @QuotaValue('maxConcurrentRuns') maxConcurrentRuns?: number;
  @Field(() => Int, { nullable: true }) @QuotaValue('runStartsPerMinute') runStartsPerMinute?: number;
  @Field(() => Int, { nullable: true }) @QuotaValue('maxStepsPerRun') maxStepsPerRun?: number;
  @Field(() => Int, { nullable: true }) @QuotaValue('maxForEachItems') maxForEachItems?: number;
  @Field(() => Int, { nullable: true }) @QuotaValue('maxPayloadBytes') maxPayloadBytes?: number;
  @Field(() => Int, { nullable: true }) @QuotaValue('maxStepOutputBytes') maxStepOutputBytes?: number;
}

@InputType()
export class UpdateTenantInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 120) name?: string;

  @Field(() => TenantSettingsInput, { nullable: true, description: 'Merged into the current settings' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenantSettingsInput)
  settings?: TenantSettingsInput;
}
