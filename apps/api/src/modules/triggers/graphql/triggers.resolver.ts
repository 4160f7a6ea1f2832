import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { MAX_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { TriggersService } from '../triggers.service.js';
import type { TriggerKindName, TriggerWithToken } from '../triggers.types.js';
import {
  CreateTriggerInput,
  SchedulePreviewInput,
  TriggerModel,
  TriggerWithTokenModel,
  UpdateTriggerInput,
} from './triggers.graphql-types.js';

type Ctx = { req: Request };
const TriggerId = () => Args('id', { type: () => ID }, new UuidParamPipe('Trigger'));
const FlowId = () => Args('flowId', { type: () => ID }, new UuidParamPipe('Flow'));

/** Without flowId the list is one page: the editor's Triggers page (REST pages further). */
const TENANT_LIST_LIMIT = MAX_PAGE_SIZE;

/** An optional id argument: absent or null is none; a malformed one names nothing (404). */
class OptionalUuidPipe extends UuidParamPipe {
  override transform(value: unknown): string {
    return value === undefined || value === null ? (undefined as unknown as string) : super.transform(value);
  }
}

const withToken = ({ token, url, ...trigger }: TriggerWithToken) => ({ trigger, token, url });

@Resolver(() => TriggerModel)
export class TriggersResolver {
  constructor(private readonly service: TriggersService) {}

  @Can('read', 'Trigger')
  @Query(() => [TriggerModel], {
    description: `The flow's triggers (an unknown flow is NOT_FOUND) or, without flowId, the tenant's (the first ${TENANT_LIST_LIMIT}), oldest first`,
  })
  async triggers(
    @CurrentPrincipal() p: Principal,
    @Args('flowId', { type: () => ID, nullable: true }, new OptionalUuidPipe('Flow')) flowId?: string,
    @Args('kind', { type: () => String, nullable: true, description: 'webhook, schedule or event' })
    kind?: string,
  ) {
    const of = kind ?? undefined;
    if (flowId) return this.service.list(p, flowId, of);
    return (await this.service.listAll(p, { kind: of as TriggerKindName | undefined }, TENANT_LIST_LIMIT))
      .data;
  }

  @Can('read', 'Trigger')
  @Query(() => [String], {
    description:
      'The next five fire times (ISO 8601) of a schedule not saved yet; VALIDATION_FAILED when invalid',
  })
  previewSchedule(@CurrentPrincipal() p: Principal, @Args('input') input: SchedulePreviewInput) {
    return this.service.previewSchedule(p, input);
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
