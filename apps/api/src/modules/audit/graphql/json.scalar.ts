import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { valueFromASTUntyped, type ValueNode } from 'graphql';

/**
 * `JSON`: any JSON value, for payloads whose shape belongs to the data, not to the schema (an audit
 * row's before/after). Ours because graphql-type-json is not a dependency; any module needing
 * free-form JSON should reuse it (`@Field(() => JsonScalar)`), since one schema holds one `JSON`.
 *
 * A Nest scalar class rather than a `GraphQLScalarType` instance: Nest builds the instance with its
 * own copy of graphql, so the schema never mixes two realms of the library (tests load its ESM
 * build, Nest its CommonJS build).
 */
@Scalar('JSON')
export class JsonScalar implements CustomScalar<unknown, unknown> {
  description = 'Any JSON value, passed through as is';

  serialize(value: unknown): unknown {
    return value;
  }

  parseValue(value: unknown): unknown {
    return value;
  }

  parseLiteral(ast: ValueNode): unknown {
    return valueFromASTUntyped(ast);
  }
}
