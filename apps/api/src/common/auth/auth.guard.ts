import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, defineAbilityFor } from '@stepline/domain';
import { AUTHENTICATED_ONLY, REQUIRED_PERMISSION, type RequiredPermission } from './can.decorator.js';
import { PrincipalResolver } from './principal.resolver.js';
import { IS_PUBLIC } from './public.decorator.js';
import { requestOf } from './request-of.js';

/**
 * Global guard of every REST route and GraphQL operation. It fails closed: a handler that is
 * neither @Public, @SignedInUser nor @Can(...) is refused (and a test enumerates handlers so that
 * never reaches production).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = requestOf(ctx);
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (!req) throw new AppError('auth.unauthenticated', 'Authentication required');

    const principal = req.principal ?? (await this.principals.resolve(req.headers?.authorization));
    if (!principal) throw new AppError('auth.unauthenticated', 'Authentication required');
    req.principal = principal;

    if (this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_ONLY, targets)) {
      if (principal.kind !== 'user')
        throw new AppError('permission.denied', 'This action needs a signed-in user');
      return true;
    }
    const required = this.reflector.getAllAndOverride<RequiredPermission>(REQUIRED_PERMISSION, targets);
    if (!required) throw new AppError('permission.denied', 'This operation has no access policy');
    if (!defineAbilityFor(principal).can(required.action, required.subject)) {
      throw new AppError('permission.denied', `Not allowed to ${required.action} ${required.subject}`);
    }
    return true;
  }
}
