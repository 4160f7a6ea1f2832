import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal, Role, UserPrincipal } from '@stepline/domain';
import type { Request } from 'express';
import { Can, SignedInUser } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageArgs } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { RoleEnum } from '../../auth/graphql/auth.model.js';
import { MembersService } from '../members.service.js';
import { MemberModel, MemberPageModel } from './members.model.js';

type Ctx = { req: Request };

@Resolver(() => MemberModel)
export class MembersResolver {
  constructor(private readonly service: MembersService) {}

  @Can('read', 'Member')
  @Query(() => MemberPageModel, { description: 'Members of the current tenant, oldest first' })
  members(@CurrentPrincipal() p: Principal, @Args() page: PageArgs) {
    return this.service.list(p, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor);
  }

  @Can('update', 'Member')
  @Mutation(() => MemberModel)
  changeMemberRole(
    @CurrentPrincipal() p: Principal,
    @Args('userId', { type: () => ID }, new UuidParamPipe('Member')) userId: string,
    @Args('role', { type: () => RoleEnum }) role: Role,
    @Context() ctx: Ctx,
  ) {
    return this.service.changeRole(p, userId, role, requestMetaOf(ctx.req));
  }

  @Can('delete', 'Member')
  @Mutation(() => Boolean)
  async removeMember(
    @CurrentPrincipal() p: Principal,
    @Args('userId', { type: () => ID }, new UuidParamPipe('Member')) userId: string,
    @Context() ctx: Ctx,
  ) {
    await this.service.remove(p, userId, requestMetaOf(ctx.req));
    return true;
  }

  @SignedInUser()
  @Mutation(() => Boolean, { description: 'The signed-in user leaves the current tenant' })
  async leaveTenant(@CurrentPrincipal() p: UserPrincipal, @Context() ctx: Ctx) {
    await this.service.leave(p, requestMetaOf(ctx.req));
    return true;
  }

  @Can('transfer', 'Tenant')
  @Mutation(() => MemberModel, { description: 'The target becomes owner; the caller becomes admin' })
  transferOwnership(
    @CurrentPrincipal() p: Principal,
    @Args('userId', { type: () => ID }, new UuidParamPipe('Member')) userId: string,
    @Context() ctx: Ctx,
  ) {
    return this.service.transferOwnership(p, userId, requestMetaOf(ctx.req));
  }
}
