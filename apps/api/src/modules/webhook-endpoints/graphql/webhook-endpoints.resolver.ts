import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageArgs } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { WebhookDeliveriesService } from '../webhook-deliveries.service.js';
import { WebhookEndpointsService } from '../webhook-endpoints.service.js';
import {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveriesArgs,
} from './webhook-endpoints.input.js';
import {
  WebhookDeliveryDetailModel,
  WebhookDeliveryModel,
  WebhookDeliveryPageModel,
  WebhookEndpointModel,
  WebhookEndpointPageModel,
  WebhookEndpointWithSecretModel,
} from './webhook-endpoints.model.js';

type Ctx = { req: Request };
const EndpointId = () => Args('id', { type: () => ID }, new UuidParamPipe('WebhookEndpoint'));
const DeliveryId = () => Args('id', { type: () => ID }, new UuidParamPipe('WebhookDelivery'));

@Resolver(() => WebhookEndpointModel)
export class WebhookEndpointsResolver {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Can('read', 'WebhookEndpoint')
  @Query(() => WebhookEndpointPageModel, { description: 'Outgoing webhook endpoints, newest first' })
  webhookEndpoints(@CurrentPrincipal() p: Principal, @Args() page: PageArgs) {
    return this.endpoints.list(p, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor);
  }

  @Can('read', 'WebhookEndpoint')
  @Query(() => WebhookEndpointModel)
  webhookEndpoint(@CurrentPrincipal() p: Principal, @EndpointId() id: string) {
    return this.endpoints.get(p, id);
  }

  @Can('create', 'WebhookEndpoint')
  @Mutation(() => WebhookEndpointWithSecretModel, { description: 'The signing secret is answered this once' })
  createWebhookEndpoint(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: CreateWebhookEndpointInput,
    @Context() ctx: Ctx,
  ) {
    return this.endpoints.create(p, input, requestMetaOf(ctx.req));
  }

  @Can('update', 'WebhookEndpoint')
  @Mutation(() => WebhookEndpointModel)
  updateWebhookEndpoint(
    @CurrentPrincipal() p: Principal,
    @EndpointId() id: string,
    @Args('input') input: UpdateWebhookEndpointInput,
    @Context() ctx: Ctx,
  ) {
    return this.endpoints.update(p, id, input, requestMetaOf(ctx.req));
  }

  @Can('update', 'WebhookEndpoint')
  @Mutation(() => WebhookEndpointWithSecretModel, {
    description: 'A new signing secret, answered once; the previous one keeps signing for 24 h',
  })
  rotateWebhookEndpointSecret(
    @CurrentPrincipal() p: Principal,
    @EndpointId() id: string,
    @Context() ctx: Ctx,
  ) {
    return this.endpoints.rotateSecret(p, id, requestMetaOf(ctx.req));
  }

  @Can('delete', 'WebhookEndpoint')
  @Mutation(() => Boolean)
  async deleteWebhookEndpoint(
    @CurrentPrincipal() p: Principal,
    @EndpointId() id: string,
    @Context() ctx: Ctx,
  ) {
    await this.endpoints.delete(p, id, requestMetaOf(ctx.req));
    return true;
  }

  @Can('read', 'WebhookEndpoint')
  @Query(() => WebhookDeliveryPageModel, { description: "An endpoint's delivery log, newest first" })
  webhookDeliveries(@CurrentPrincipal() p: Principal, @Args() args: WebhookDeliveriesArgs) {
    const endpointId = new UuidParamPipe('WebhookEndpoint').transform(args.endpointId);
    return this.deliveries.list(p, endpointId, args.limit ?? DEFAULT_PAGE_SIZE, args.cursor);
  }

  @Can('read', 'WebhookEndpoint')
  @Query(() => WebhookDeliveryDetailModel)
  webhookDelivery(@CurrentPrincipal() p: Principal, @DeliveryId() id: string) {
    return this.deliveries.get(p, id);
  }

  @Can('update', 'WebhookEndpoint')
  @Mutation(() => WebhookDeliveryModel, { description: 'One more attempt, now' })
  redeliverWebhookDelivery(@CurrentPrincipal() p: Principal, @DeliveryId() id: string, @Context() ctx: Ctx) {
    return this.deliveries.redeliver(p, id, requestMetaOf(ctx.req));
  }
}
