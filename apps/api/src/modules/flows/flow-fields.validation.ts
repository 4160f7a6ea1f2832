import { ArrayMaxSize, ArrayUnique, IsArray, IsString, Length, Matches, MaxLength } from 'class-validator';
import { stackDecorators } from '../../common/http/stack-decorators.js';
import { FLOW_LIMITS } from './flows.types.js';

/** A tag: no surrounding whitespace, no commas (they separate tags in the editor's input). */
export const TAG_PATTERN = /^[^\s,](?:[^,]*[^\s,])?$/;
export const NOT_BLANK = /\S/;
export const TAG_MESSAGE = 'each tag must have no surrounding whitespace and no commas';

/*
 * The rules of a flow's own fields, one definition for the REST DTOs and the GraphQL inputs.
 * Whether a field may be left out stays with each DTO (`@IsOptional()` above these): the name is
 * required on create only.
 */

export const IsFlowName = (): PropertyDecorator =>
  stackDecorators(
    IsString(),
    Length(1, FLOW_LIMITS.name),
    Matches(NOT_BLANK, { message: 'name must not be blank' }),
  );

export const IsFlowDescription = (): PropertyDecorator =>
  stackDecorators(IsString(), MaxLength(FLOW_LIMITS.description));

export const IsFlowTags = (): PropertyDecorator =>
  stackDecorators(
    IsArray(),
    ArrayMaxSize(FLOW_LIMITS.tags),
    ArrayUnique(),
    IsString({ each: true }),
    Length(1, FLOW_LIMITS.tag, { each: true }),
    Matches(TAG_PATTERN, { each: true, message: TAG_MESSAGE }),
  );
