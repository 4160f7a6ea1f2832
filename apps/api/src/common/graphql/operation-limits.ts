import { createRequire } from 'node:module';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { checkJsonShape, type ErrorCode, type JsonShapeLimits } from '@stepline/domain';
import { requestContext, type AppConfig } from '@stepline/server';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import type * as QueryComplexity from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../http/pagination.js';

// Apollo and Nest run on graphql's CommonJS build; an error or schema from another build is not
// recognised by them ("another realm"), so load both libraries the way Nest does.
const require = createRequire(import.meta.url);
const { GraphQLError, Kind } = require('graphql') as typeof import('graphql');
const { getComplexity } = require('graphql-query-complexity') as typeof QueryComplexity;

export type GraphqlLimits = Pick<AppConfig['graphql'], 'maxCost' | 'maxAliases' | 'maxDepth'>;

/** A field resolved by our own code (a query, a mutation, a @ResolveField) costs a round trip. */
export const RESOLVER_COST = 10;
/** A field read from its parent object costs next to nothing. */
export const FIELD_COST = 1;

const isIntrospection = (name: string) => name.startsWith('__');
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The own weight of a field: `complexity` when its decorator declares one — a `@ResolveField` that
 * does I/O must (`@ResolveField(() => T, { complexity: RESOLVER_COST })`) — else a round trip for
 * root fields, else 1. (Resolver functions cannot tell: Nest and Apollo wrap every field's.)
 */
function ownCost(parent: { name: string }, field: GraphQLField<unknown, unknown>): number {
  const declared = field.extensions?.['complexity'];
  if (typeof declared === 'number') return declared;
  return ROOT_TYPES.has(parent.name) ? RESOLVER_COST : FIELD_COST;
}

/**
 * Estimated cost of a field: its own weight plus its selection times the number of items it can
 * answer — the `limit` argument of a paginated field (its default page size when omitted, at most
 * MAX_PAGE_SIZE).
 */
export function estimateFieldCost({
  type,
  field,
  args,
  childComplexity,
}: {
  type: { name: string };
  field: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
  childComplexity: number;
}): number {
  if (isIntrospection(field.name) || isIntrospection(type.name)) return 0;
  const hasLimit = field.args.some((a) => a.name === 'limit');
  // Every list refuses a limit past MAX_PAGE_SIZE itself, with a precise 422 on /limit: count at
  // most that many here, so the cost check does not pre-empt that answer.
  const asked = typeof args['limit'] === 'number' && args['limit'] > 0 ? args['limit'] : DEFAULT_PAGE_SIZE;
  const limit = Math.min(asked, MAX_PAGE_SIZE);
  return ownCost(type, field) + childComplexity * (hasLimit ? limit : 1);
}

interface Shape {
  aliases: number;
  depth: number;
}

/**
 * Aliases and depth of an operation, fragments expanded (each fragment measured once, then reused,
 * so a fragment spread a thousand times costs a thousand additions). Introspection subtrees are left
 * out: introspection is allowed or not as a whole.
 */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode): Shape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const measured = new Map<string, Shape>();
  const visiting = new Set<string>();
  const measure = (set: SelectionSetNode | undefined): Shape => {
    const shape = { aliases: 0, depth: 0 };
    for (const selection of set?.selections ?? []) {
      let child: Shape;
      if (selection.kind === Kind.FIELD) {
        if (isIntrospection(selection.name.value)) continue;
        const inner = measure(selection.selectionSet);
        child = { aliases: inner.aliases + (selection.alias ? 1 : 0), depth: inner.depth + 1 };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        child = measure(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const known = measured.get(name);
        if (known) child = known;
        else {
          if (visiting.has(name)) continue; // a cycle; validation has refused it already
          visiting.add(name);
          child = measure(fragments.get(name)?.selectionSet);
          measured.set(name, child);
          visiting.delete(name);
        }
      }
      shape.aliases += child.aliases;
      shape.depth = Math.max(shape.depth, child.depth);
    }
    return shape;
  };
  return measure(operation.selectionSet);
}

const limitError = (code: ErrorCode, message: string, extra: Record<string, unknown>) =>
  new GraphQLError(message, {
    extensions: {
      code,
      status: 400,
      ...extra,
      requestId: requestContext.current()?.requestId,
      http: { status: 400 },
    },
  });

/** The first limit the operation breaks, or null. Pure apart from the error's request id. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits & { variables: JsonShapeLimits },
): InstanceType<typeof GraphQLError> | null {
  const shape = checkJsonShape(variables ?? {}, limits.variables);
  if (shape) {
    return shape.kind === 'too_deep'
      ? limitError('request.too_deep', `variables are nested deeper than ${shape.limit} levels`, {
          limit: shape.limit,
        })
      : limitError('request.too_large', `variables hold more than ${shape.limit} values`, {
          limit: shape.limit,
        });
  }
  const { aliases, depth } = measureOperation(document, operation);
  if (aliases > limits.maxAliases) {
    return limitError(
      'graphql.too_many_aliases',
      `the operation uses ${aliases} aliases; at most ${limits.maxAliases}`,
      {
        limit: limits.maxAliases,
        actual: aliases,
      },
    );
  }
  if (depth > limits.maxDepth) {
    return limitError(
      'graphql.too_deep',
      `the operation is ${depth} fields deep; at most ${limits.maxDepth}`,
      {
        limit: limits.maxDepth,
        actual: depth,
      },
    );
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName: operation.name?.value,
      estimators: [estimateFieldCost],
    });
  } catch {
    // Variables that do not coerce: execution refuses them with BAD_USER_INPUT before any resolver.
    return null;
  }
  if (cost > limits.maxCost) {
    return limitError(
      'graphql.too_complex',
      `the operation's estimated cost is ${cost}; at most ${limits.maxCost}`,
      {
        limit: limits.maxCost,
        actual: cost,
      },
    );
  }
  return null;
}

/**
 * Refuses an operation past its limits after it is parsed and validated and before anything runs:
 * variables' shape, aliases, depth, estimated cost — and a subscription sent over plain HTTP. Parsing itself is bounded by `maxTokens` and
 * validation by Apollo's `maxRecursiveSelections`.
 */
export function operationLimitsPlugin(
  limits: GraphqlLimits & { variables: JsonShapeLimits },
): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx: GraphQLRequestContext<Record<string, unknown>>) {
          if (!ctx.document || !ctx.operation) return;
          // Subscriptions live on graphql-ws; over HTTP their resolver would run without a stream.
          if (ctx.operation.operation === 'subscription') {
            throw limitError(
              'request.invalid',
              'subscriptions are served over WebSocket (graphql-ws) at /graphql',
              {},
            );
          }
          const error = checkOperation(
            ctx.schema,
            ctx.document,
            ctx.operation,
            ctx.request.variables,
            limits,
          );
          if (error) throw error;
        },
      };
    },
  };
}
