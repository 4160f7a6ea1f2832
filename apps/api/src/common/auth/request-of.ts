import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';

export type AuthedRequest = Request & { principal?: Principal };

/**
 * The HTTP request behind a REST call, a GraphQL query/mutation, or — for subscriptions — a
 * request-like object built from the graphql-ws connection parameters.
 */
export function requestOf(ctx: ExecutionContext): AuthedRequest | undefined {
  if (ctx.getType<GqlContextType>() === 'graphql') {
    const gql = GqlExecutionContext.create(ctx).getContext<{ req?: AuthedRequest }>();
    return gql.req;
  }
  return ctx.switchToHttp().getRequest<AuthedRequest>();
}
