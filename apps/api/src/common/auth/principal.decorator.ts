import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@stepline/domain';
import { AppError } from '@stepline/domain';
import { requestOf } from './request-of.js';

/** The authenticated caller of a guarded handler (REST or GraphQL). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = requestOf(ctx)?.principal;
  if (!principal) throw new AppError('auth.unauthenticated', 'Authentication required');
  return principal;
});
