import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

@InputType()
export class TenantSettingsInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(365) retentionDays?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxConcurrentRuns?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  runStartsPerMinute?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxStepsPerRun?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxForEachItems?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(67_108_864)
  maxPayloadBytes?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(67_108_864)
  maxStepOutputBytes?: number;
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
