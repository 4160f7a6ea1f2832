import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { TriggersService } from '../triggers.service.js';
import type { TriggerWithToken } from '../triggers.types.js';
import {
  CreateTriggerInput,
  TriggerModel,
  TriggerWithTokenModel,
  UpdateTriggerInput,
} from './triggers.graphql-types.js';

type Ctx = { req: Request };
const TriggerId = () => Args('id', { type: () => ID }, new UuidParamPipe('Trigger'));
const FlowId = () => Args('flowId', { type: () => ID }, new UuidParamPipe('Flow'));

const withToken = ({ token, url, ...trigger }: TriggerWithToken) => ({ trigger, token, url });

@Resolver(() => TriggerModel)
export class TriggersResolver {
  constructor(private readonly service: TriggersService) {}

  @Can('read', 'Trigger')
  @Query(() => [TriggerModel], { description: 'The flow’s triggers, oldest first' })
  triggers(@CurrentPrincipal() p: Principal, @FlowId() flowId: string) {
    return this.service.list(p, flowId);
  }

  @Can('read', 'Trigger')
  @Query(() => TriggerModel)
  trigger(@CurrentPrincipal() p: Principal, @TriggerId() id: string) {
    return this.service.get(p, id);
  }

  @Can('create', 'Trigger')
  @Mutation(() => TriggerWithTokenModel, { description: 'The token is in this answer only' })
  async createTrigger(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('input') input: CreateTriggerInput,
    @Context() ctx: Ctx,
  ) {
    return withToken(await this.service.create(p, flowId, input, requestMetaOf(ctx.req)));
  }

  @Can('update', 'Trigger')
  @Mutation(() => TriggerModel)
  updateTrigger(
    @CurrentPrincipal() p: Principal,
    @TriggerId() id: string,
    @Args('input') input: UpdateTriggerInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.update(p, id, input, requestMetaOf(ctx.req));
  }

  @Can('delete', 'Trigger')
  @Mutation(() => Boolean)
  async deleteTrigger(@CurrentPrincipal() p: Principal, @TriggerId() id: string, @Context() ctx: Ctx) {
    await this.service.delete(p, id, requestMetaOf(ctx.req));
    return true;
  }

  @Can('update', 'Trigger')
  @Mutation(() => TriggerWithTokenModel, { description: 'A new token; the old one stops working' })
  async rotateTriggerToken(@CurrentPrincipal() p: Principal, @TriggerId() id: string, @Context() ctx: Ctx) {
    return withToken(await this.service.rotate(p, id, requestMetaOf(ctx.req)));
  }
}
