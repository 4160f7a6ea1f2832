import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal, UserPrincipal } from '@stepline/domain';
import type { Request } from 'express';
import { SignedInUser } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { Public } from '../../../common/auth/public.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { AuthService } from '../auth.service.js';
import { AuthSessionModel, SessionInfoModel } from './auth.model.js';
import { LoginInput, SignupInput } from './auth.input.js';

type Ctx = { req: Request };

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthSessionModel)
  signup(@Args('input') input: SignupInput, @Context() ctx: Ctx) {
    return this.auth.signup(input, requestMetaOf(ctx.req));
  }

  @Public()
  @Mutation(() => AuthSessionModel)
  login(@Args('input') input: LoginInput, @Context() ctx: Ctx) {
    return this.auth.login(input, requestMetaOf(ctx.req));
  }

  @Public()
  @Mutation(() => AuthSessionModel)
  refreshSession(@Args('refreshToken') refreshToken: string, @Context() ctx: Ctx) {
    return this.auth.refresh(refreshToken, requestMetaOf(ctx.req));
  }

  @SignedInUser()
  @Mutation(() => Boolean)
  async logout(@CurrentPrincipal() principal: UserPrincipal, @Context() ctx: Ctx) {
    await this.auth.logout(principal, requestMetaOf(ctx.req));
    return true;
  }

  @SignedInUser()
  @Mutation(() => AuthSessionModel)
  switchTenant(
    @CurrentPrincipal() principal: Principal,
    @Args('tenantId') tenantId: string,
    @Context() ctx: Ctx,
  ) {
    return this.auth.switchTenant(principal, tenantId, requestMetaOf(ctx.req));
  }

  @SignedInUser()
  @Query(() => SessionInfoModel, { description: 'The signed-in user, tenant, role and memberships' })
  me(@CurrentPrincipal() principal: UserPrincipal): Promise<SessionInfoModel> {
    return this.auth.me(principal);
  }
}
