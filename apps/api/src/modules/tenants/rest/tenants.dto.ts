import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

export class TenantSettingsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Days run data is kept' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  retentionDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxConcurrentRuns?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  runStartsPerMinute?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, description: 'Step attempts one run may start' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxStepsPerRun?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, description: 'Items one forEach step may iterate' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxForEachItems?: number;

  @ApiPropertyOptional({
    minimum: 1024,
    maximum: 67_108_864,
    description: 'Bytes of a run input or event payload',
  })
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(67_108_864)
  maxPayloadBytes?: number;

  @ApiPropertyOptional({ minimum: 1024, maximum: 67_108_864, description: 'Bytes of one step output' })
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(67_108_864)
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
