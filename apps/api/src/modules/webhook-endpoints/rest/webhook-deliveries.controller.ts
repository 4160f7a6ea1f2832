import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { WebhookDeliveriesService } from '../webhook-deliveries.service.js';
import type { WebhookDeliveryDetailView, WebhookDeliveryView } from '../webhook-endpoints.types.js';
import { WebhookDeliveryDetailDto, WebhookDeliveryDto } from './webhook-endpoints.dto.js';

const DeliveryId = () => Param('id', new UuidParamPipe('WebhookDelivery'));

@ApiTags('webhook-endpoints')
@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Can('read', 'WebhookEndpoint')
  @Get(':id')
  @ApiOkResponse({
    type: WebhookDeliveryDetailDto,
    description: 'The delivery, its payload and every attempt',
  })
  get(@CurrentPrincipal() p: Principal, @DeliveryId() id: string): Promise<WebhookDeliveryDetailView> {
    return this.deliveries.get(p, id);
  }

  @Can('update', 'WebhookEndpoint')
  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryDto, description: 'Due now; the worker sends it next' })
  redeliver(
    @CurrentPrincipal() p: Principal,
    @DeliveryId() id: string,
    @Req() req: Request,
  ): Promise<WebhookDeliveryView> {
    return this.deliveries.redeliver(p, id, requestMetaOf(req));
  }
}
