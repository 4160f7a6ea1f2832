import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { TriggersService } from '../triggers.service.js';
import type { TriggerView, TriggerWithToken } from '../triggers.types.js';
import {
  CreateTriggerDto,
  SchedulePreviewDto,
  SchedulePreviewResultDto,
  TriggerDto,
  TriggerListDto,
  TriggerListQueryDto,
  TriggerPageDto,
  TriggerWithTokenDto,
  UpdateTriggerDto,
} from './triggers.dto.js';

const TriggerId = () => Param('id', new UuidParamPipe('Trigger'));
const FlowId = () => Param('id', new UuidParamPipe('Flow'));

@ApiTags('triggers')
@Controller('v1')
export class TriggersController {
  constructor(private readonly triggers: TriggersService) {}

  @Can('create', 'Trigger')
  @Post('flows/:id/triggers')
  @ApiCreatedResponse({ type: TriggerWithTokenDto, description: 'The trigger with its token (shown once)' })
  create(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Body() body: CreateTriggerDto,
    @Req() req: Request,
  ): Promise<TriggerWithToken> {
    return this.triggers.create(p, flowId, body, requestMetaOf(req));
  }

  @Can('read', 'Trigger')
  @Get('flows/:id/triggers')
  @ApiOkResponse({ type: TriggerListDto, description: 'The flow’s triggers, oldest first' })
  async list(@CurrentPrincipal() p: Principal, @FlowId() flowId: string): Promise<{ data: TriggerView[] }> {
    return { data: await this.triggers.list(p, flowId) };
  }

  @Can('read', 'Trigger')
  @Get('triggers')
  @ApiOkResponse({ type: TriggerPageDto, description: 'The tenant’s triggers, oldest first' })
  listAll(@CurrentPrincipal() p: Principal, @Query() q: TriggerListQueryDto) {
    const { limit, cursor, ...filter } = q;
    return this.triggers.listAll(p, filter, limit ?? DEFAULT_PAGE_SIZE, cursor);
  }

  @Can('read', 'Trigger')
  @Post('triggers/schedule-preview')
  @HttpCode(200)
  @ApiOkResponse({ type: SchedulePreviewResultDto, description: 'The schedule’s next five fire times' })
  previewSchedule(
    @CurrentPrincipal() p: Principal,
    @Body() body: SchedulePreviewDto,
  ): { nextFireTimes: string[] } {
    return { nextFireTimes: this.triggers.previewSchedule(p, body) };
  }

  @Can('read', 'Trigger')
  @Get('triggers/:id')
  @ApiOkResponse({ type: TriggerDto })
  get(@CurrentPrincipal() p: Principal, @TriggerId() id: string): Promise<TriggerView> {
    return this.triggers.get(p, id);
  }

  @Can('update', 'Trigger')
  @Patch('triggers/:id')
  @ApiOkResponse({ type: TriggerDto })
  update(
    @CurrentPrincipal() p: Principal,
    @TriggerId() id: string,
    @Body() body: UpdateTriggerDto,
    @Req() req: Request,
  ): Promise<TriggerView> {
    return this.triggers.update(p, id, body, requestMetaOf(req));
  }

  @Can('delete', 'Trigger')
  @Delete('triggers/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; its URL answers 404 from now on' })
  delete(@CurrentPrincipal() p: Principal, @TriggerId() id: string, @Req() req: Request): Promise<void> {
    return this.triggers.delete(p, id, requestMetaOf(req));
  }

  @Can('update', 'Trigger')
  @Post('triggers/:id/rotate')
  @HttpCode(200)
  @ApiOkResponse({
    type: TriggerWithTokenDto,
    description: 'A new token (shown once); the old one stops working',
  })
  rotate(
    @CurrentPrincipal() p: Principal,
    @TriggerId() id: string,
    @Req() req: Request,
  ): Promise<TriggerWithToken> {
    return this.triggers.rotate(p, id, requestMetaOf(req));
  }
}
