import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { WebhookDeliveriesService } from '../webhook-deliveries.service.js';
import { WebhookEndpointsService } from '../webhook-endpoints.service.js';
import type { WebhookEndpointView, WebhookEndpointWithSecret } from '../webhook-endpoints.types.js';
import {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from './webhook-endpoints.dto.js';

const EndpointId = () => Param('id', new UuidParamPipe('WebhookEndpoint'));

@ApiTags('webhook-endpoints')
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Can('create', 'WebhookEndpoint')
  @Post()
  @ApiCreatedResponse({
    type: WebhookEndpointWithSecretDto,
    description: 'The endpoint and its signing secret, shown once',
  })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateWebhookEndpointDto,
    @Req() req: Request,
  ): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.create(p, body, requestMetaOf(req));
  }

  @Can('read', 'WebhookEndpoint')
  @Get()
  @ApiOkResponse({ type: WebhookEndpointPageDto, description: 'Every endpoint of the tenant, newest first' })
  list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<WebhookEndpointPageDto> {
    return this.endpoints.list(p, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  @Can('read', 'WebhookEndpoint')
  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  get(@CurrentPrincipal() p: Principal, @EndpointId() id: string): Promise<WebhookEndpointView> {
    return this.endpoints.get(p, id);
  }

  @Can('update', 'WebhookEndpoint')
  @Patch(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  update(
    @CurrentPrincipal() p: Principal,
    @EndpointId() id: string,
    @Body() body: UpdateWebhookEndpointDto,
    @Req() req: Request,
  ): Promise<WebhookEndpointView> {
    return this.endpoints.update(p, id, body, requestMetaOf(req));
  }

  @Can('update', 'WebhookEndpoint')
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({
    type: WebhookEndpointWithSecretDto,
    description: 'A new signing secret, shown once; the previous one keeps signing for 24 h',
  })
  rotateSecret(
    @CurrentPrincipal() p: Principal,
    @EndpointId() id: string,
    @Req() req: Request,
  ): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.rotateSecret(p, id, requestMetaOf(req));
  }

  @Can('delete', 'WebhookEndpoint')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its deliveries' })
  delete(@CurrentPrincipal() p: Principal, @EndpointId() id: string, @Req() req: Request): Promise<void> {
    return this.endpoints.delete(p, id, requestMetaOf(req));
  }

  @Can('read', 'WebhookEndpoint')
  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPageDto, description: 'The delivery log, newest first' })
  deliveriesOf(
    @CurrentPrincipal() p: Principal,
    @EndpointId() id: string,
    @Query() q: PageQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.deliveries.list(p, id, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }
}
