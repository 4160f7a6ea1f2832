import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { QUOTA_BOUNDS, type QuotaKey } from '@stepline/domain';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** An optional quota setting, validated within `QUOTA_BOUNDS` (the domain's, which the editor uses too). */
export const QuotaValue = (key: QuotaKey) =>
  applyDecorators(IsOptional(), IsInt(), Min(QUOTA_BOUNDS[key].min), Max(QUOTA_BOUNDS[key].max));

/** `QuotaValue` plus its OpenAPI description, bounds included. */
export const QuotaProperty = (key: QuotaKey, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({
      minimum: QUOTA_BOUNDS[key].min,
      maximum: QUOTA_BOUNDS[key].max,
      ...(description ? { description } : {}),
    }),
    QuotaValue(key),
  );
