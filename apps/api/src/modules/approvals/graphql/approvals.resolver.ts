import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { ApprovalsService } from '../approvals.service.js';
import { ApprovalsArgs, DecideApprovalInput } from './approvals.input.js';
import { ApprovalModel, ApprovalPageModel } from './approvals.model.js';

type Ctx = { req: Request };
const ApprovalId = () => Args('id', { type: () => ID }, new UuidParamPipe('Approval'));

@Resolver(() => ApprovalModel)
export class ApprovalsResolver {
  constructor(private readonly service: ApprovalsService) {}

  @Can('read', 'Run')
  @Query(() => ApprovalPageModel, { description: 'Approvals of the tenant’s runs, newest first' })
  approvals(@CurrentPrincipal() p: Principal, @Args() args: ApprovalsArgs) {
    return this.service.list(p, { ...args.filter }, args.limit ?? DEFAULT_PAGE_SIZE, args.cursor);
  }

  @Can('read', 'Run')
  @Query(() => ApprovalModel)
  approval(@CurrentPrincipal() p: Principal, @ApprovalId() id: string) {
    return this.service.get(p, id);
  }

  @Can('decide', 'Approval')
  @Mutation(() => ApprovalModel, {
    description: 'Decides a pending approval once; the run resumes on the chosen option’s port',
  })
  decideApproval(
    @CurrentPrincipal() p: Principal,
    @ApprovalId() id: string,
    @Args('input') input: DecideApprovalInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.decide(p, id, input, requestMetaOf(ctx.req));
  }
}
