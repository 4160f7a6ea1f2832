import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
import { stackDecorators } from './stack-decorators.js';

/** `?limit=` of a cursor-paginated REST list: an integer 1..MAX_PAGE_SIZE, parsed from the query string. */
export const PageLimitQuery = (): PropertyDecorator =>
  stackDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );

/** `?limit=&cursor=` of a cursor-paginated REST list. */
export class PageQueryDto {
  @PageLimitQuery()
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** The same arguments on a GraphQL list query. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(512) cursor?: string;
}
