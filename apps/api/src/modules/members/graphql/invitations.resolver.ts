import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { Public } from '../../../common/auth/public.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageArgs } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { AuthSessionModel } from '../../auth/graphql/auth.model.js';
import { InvitationsService } from '../invitations.service.js';
import { AcceptInvitationInput, InviteMemberInput } from './members.input.js';
import { CreatedInvitationModel, InvitationModel, InvitationPageModel } from './members.model.js';

type Ctx = { req: Request };

@Resolver(() => InvitationModel)
export class InvitationsResolver {
  constructor(private readonly service: InvitationsService) {}

  @Can('read', 'Invitation')
  @Query(() => InvitationPageModel, { description: 'Pending invitations, newest first' })
  invitations(@CurrentPrincipal() p: Principal, @Args() page: PageArgs) {
    return this.service.listPending(p, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor);
  }

  @Can('create', 'Invitation')
  @Mutation(() => CreatedInvitationModel)
  inviteMember(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: InviteMemberInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.create(p, input, requestMetaOf(ctx.req));
  }

  @Can('delete', 'Invitation')
  @Mutation(() => Boolean)
  async revokeInvitation(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID }, new UuidParamPipe('Invitation')) id: string,
    @Context() ctx: Ctx,
  ) {
    await this.service.revoke(p, id, requestMetaOf(ctx.req));
    return true;
  }

  @Public()
  @Mutation(() => AuthSessionModel, { description: 'Joins the tenant of the invitation and signs in to it' })
  acceptInvitation(@Args('input') input: AcceptInvitationInput, @Context() ctx: Ctx) {
    return this.service.accept(input, requestMetaOf(ctx.req));
  }
}
