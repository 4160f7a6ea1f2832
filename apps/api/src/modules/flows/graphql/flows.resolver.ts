import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { RESOLVER_COST } from '../../../common/graphql/operation-limits.js';
import { FlowsService } from '../flows.service.js';
import { CreateFlowInput, FlowsArgs, UpdateFlowInput } from './flows.input.js';
import type { FlowRunStatsView, FlowView } from '../flows.types.js';
import { CreatedFlowModel, FlowModel, FlowPageModel, FlowRunStatsModel } from './flows.model.js';

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

  /**
   * A listed flow comes with its stats (the page loads them in one query); a flow read alone
   * (query `flow`, a mutation's answer) loads its own — one query for one flow, never one per row.
   */
  @Can('read', 'Flow')
  @ResolveField('stats', () => FlowRunStatsModel, {
    // Worst case (a flow read alone) is a query; listed flows pay it once per page.
    complexity: RESOLVER_COST,
    description: 'How its real (non-test) runs went: counts and success rate over 30 days, last run',
  })
  stats(
    @CurrentPrincipal() p: Principal,
    @Parent() flow: FlowView & { runStats?: FlowRunStatsView },
  ): FlowRunStatsView | Promise<FlowRunStatsView> {
    return flow.runStats ?? this.service.runStatsOf(p, flow.id);
  }
}

/** `CreatedFlow` extends `Flow`, but field resolvers bind to one type: the same `stats` for it. */
@Resolver(() => CreatedFlowModel)
export class CreatedFlowStatsResolver {
  constructor(private readonly service: FlowsService) {}

  @Can('read', 'Flow')
  @ResolveField('stats', () => FlowRunStatsModel, { complexity: RESOLVER_COST })
  stats(@CurrentPrincipal() p: Principal, @Parent() flow: FlowView): Promise<FlowRunStatsView> {
    return this.service.runStatsOf(p, flow.id);
  }
}
