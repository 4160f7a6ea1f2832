import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { DAY_REGEX } from '../usage.types.js';

export class UsageQueryDto {
  @ApiPropertyOptional({
    format: 'date',
    description: 'First UTC day (inclusive); 29 days before `to` by default',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY_REGEX, { message: 'a day, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last UTC day (inclusive); today by default' })
  @IsOptional()
  @IsString()
  @Matches(DAY_REGEX, { message: 'a day, YYYY-MM-DD' })
  to?: string;
}

export class UsageDayDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty() runs!: number;
  @ApiProperty({ description: 'Step attempts executed' }) steps!: number;
  @ApiProperty({ description: 'Seconds the steps ran' }) stepSeconds!: number;
}

export class UsageTotalsDto {
  @ApiProperty() runs!: number;
  @ApiProperty() steps!: number;
  @ApiProperty() stepSeconds!: number;
}

export class QuotasDto {
  @ApiProperty() maxConcurrentRuns!: number;
  @ApiProperty() runStartsPerMinute!: number;
  @ApiProperty() maxStepsPerRun!: number;
  @ApiProperty() maxForEachItems!: number;
  @ApiProperty() maxPayloadBytes!: number;
  @ApiProperty() maxStepOutputBytes!: number;
}

export class SlotsDto {
  @ApiProperty({ description: 'Runs holding an execution slot' }) held!: number;
  @ApiProperty({ description: 'Runs waiting for a slot' }) pending!: number;
}

export class UsageDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [UsageDayDto] }) days!: UsageDayDto[];
  @ApiProperty({ type: UsageTotalsDto }) totals!: UsageTotalsDto;
  @ApiProperty({ type: QuotasDto, description: 'The quotas in force' }) quotas!: QuotasDto;
  @ApiProperty({ type: SlotsDto }) slots!: SlotsDto;
}
