import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { QuotaProperty } from '../quota-field.js';

export class TenantSettingsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Days run data is kept' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  retentionDays?: number;

  @QuotaProperty('maxConcurrentRuns')
  maxConcurrentRuns?: number;

  @QuotaProperty('runStartsPerMinute')
  runStartsPerMinute?: number;

  @QuotaProperty('maxStepsPerRun', 'Step attempts one run may start')
  maxStepsPerRun?: number;

  @QuotaProperty('maxForEachItems', 'Items one forEach step may iterate')
  maxForEachItems?: number;

  @QuotaProperty('maxPayloadBytes', 'Bytes of a run input or event payload')
  maxPayloadBytes?: number;

  @QuotaProperty('maxStepOutputBytes', 'Bytes of one step output')
  maxStepOutputBytes?: number;
}

export class UpdateTenantDto {
  @ApiPropertyOptional({ example: 'Analytical Engines Ltd' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ type: TenantSettingsDto, description: 'Merged into the current settings' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TenantSettingsDto)
  settings?: TenantSettingsDto;
}

export class TenantDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: TenantSettingsDto }) settings!: TenantSettingsDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
