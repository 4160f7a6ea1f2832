import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { FlowsService } from '../flows.service.js';
import { CreateFlowInput, FlowsArgs, UpdateFlowInput } from './flows.input.js';
import { CreatedFlowModel, FlowModel, FlowPageModel } from './flows.model.js';

type Ctx = { req: Request };
const FlowId = (name = 'id') => Args(name, { type: () => ID }, new UuidParamPipe('Flow'));

@Resolver(() => FlowModel)
export class FlowsResolver {
  constructor(private readonly service: FlowsService) {}

  @Can('read', 'Flow')
  @Query(() => FlowPageModel, { description: 'Flows of the tenant, most recently changed first' })
  flows(@CurrentPrincipal() p: Principal, @Args() args: FlowsArgs) {
    return this.service.list(p, { ...args.filter }, args.limit, args.cursor);
  }

  @Can('read', 'Flow')
  @Query(() => FlowModel)
  flow(@CurrentPrincipal() p: Principal, @FlowId() id: string) {
    return this.service.get(p, id);
  }

  @Can('create', 'Flow')
  @Mutation(() => CreatedFlowModel, { description: 'Creates the flow and its draft v1' })
  createFlow(@CurrentPrincipal() p: Principal, @Args('input') input: CreateFlowInput, @Context() ctx: Ctx) {
    return this.service.create(p, input, requestMetaOf(ctx.req));
  }

  @Can('update', 'Flow')
  @Mutation(() => FlowModel)
  updateFlow(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Args('input') input: UpdateFlowInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.update(p, id, input, requestMetaOf(ctx.req));
  }

  @Can('archive', 'Flow')
  @Mutation(() => FlowModel, { description: 'Archived flows are read-only (idempotent)' })
  archiveFlow(@CurrentPrincipal() p: Principal, @FlowId() id: string, @Context() ctx: Ctx) {
    return this.service.archive(p, id, requestMetaOf(ctx.req));
  }

  @Can('archive', 'Flow')
  @Mutation(() => FlowModel)
  unarchiveFlow(@CurrentPrincipal() p: Principal, @FlowId() id: string, @Context() ctx: Ctx) {
    return this.service.unarchive(p, id, requestMetaOf(ctx.req));
  }
}
