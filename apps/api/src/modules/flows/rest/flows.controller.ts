import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { FlowsService } from '../flows.service.js';
import type { CreatedFlowView, FlowView } from '../flows.types.js';
import {
  CreatedFlowDto,
  CreateFlowDto,
  FlowDto,
  FlowListQueryDto,
  FlowPageDto,
  UpdateFlowDto,
} from './flows.dto.js';

const FlowId = () => Param('id', new UuidParamPipe('Flow'));

@ApiTags('flows')
@Controller('v1/flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Can('create', 'Flow')
  @Post()
  @ApiCreatedResponse({
    type: CreatedFlowDto,
    description: 'The flow with its draft v1 and the draft’s problems',
  })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateFlowDto,
    @Req() req: Request,
  ): Promise<CreatedFlowView> {
    return this.flows.create(p, body, requestMetaOf(req));
  }

  @Can('read', 'Flow')
  @Get()
  @ApiOkResponse({ type: FlowPageDto, description: 'Most recently changed first' })
  list(@CurrentPrincipal() p: Principal, @Query() q: FlowListQueryDto) {
    return this.flows.list(
      p,
      { q: q.q, tag: q.tag, status: q.status },
      q.limit ?? DEFAULT_PAGE_SIZE,
      q.cursor,
    );
  }

  @Can('read', 'Flow')
  @Get(':id')
  @ApiOkResponse({ type: FlowDto })
  get(@CurrentPrincipal() p: Principal, @FlowId() id: string): Promise<FlowView> {
    return this.flows.get(p, id);
  }

  @Can('update', 'Flow')
  @Patch(':id')
  @ApiOkResponse({ type: FlowDto })
  update(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Body() body: UpdateFlowDto,
    @Req() req: Request,
  ): Promise<FlowView> {
    return this.flows.update(p, id, body, requestMetaOf(req));
  }

  @Can('archive', 'Flow')
  @Post(':id/archive')
  @HttpCode(200)
  @ApiOkResponse({ type: FlowDto, description: 'Archived flows are read-only (idempotent)' })
  archive(@CurrentPrincipal() p: Principal, @FlowId() id: string, @Req() req: Request): Promise<FlowView> {
    return this.flows.archive(p, id, requestMetaOf(req));
  }

  @Can('archive', 'Flow')
  @Post(':id/unarchive')
  @HttpCode(200)
  @ApiOkResponse({ type: FlowDto, description: 'Idempotent' })
  unarchive(@CurrentPrincipal() p: Principal, @FlowId() id: string, @Req() req: Request): Promise<FlowView> {
    return this.flows.unarchive(p, id, requestMetaOf(req));
  }
}
