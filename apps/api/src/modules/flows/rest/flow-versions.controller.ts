import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { FlowVersionsService } from '../flow-versions.service.js';
import {
  versionRefOf,
  type FlowDiffView,
  type FlowVersionDetailView,
  type FlowVersionView,
} from '../flows.types.js';
import { parseIfMatch } from '../revision-precondition.js';
import {
  FlowDiffDto,
  FlowDiffQueryDto,
  FlowVersionDetailDto,
  FlowVersionDto,
  FlowVersionPageDto,
  PublishFlowDto,
  RollbackFlowDto,
} from './flow-versions.dto.js';
import { VersionNumberPipe } from './version-number.pipe.js';

const FlowId = () => Param('id', new UuidParamPipe('Flow'));

@ApiTags('flows')
@Controller('v1/flows/:id')
export class FlowVersionsController {
  constructor(private readonly versions: FlowVersionsService) {}

  @Can('publish', 'Flow')
  @Post('publish')
  @HttpCode(200)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Publish only if the draft is still at this revision (412 if not)',
  })
  @ApiOkResponse({
    type: FlowVersionDto,
    description: 'The new published version; 422 flow.invalid_definition lists the problems',
  })
  publish(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Body() body: PublishFlowDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
  ): Promise<FlowVersionView> {
    return this.versions.publish(p, id, body.changeNote ?? null, parseIfMatch(ifMatch), requestMetaOf(req));
  }

  @Can('publish', 'Flow')
  @Post('rollback')
  @ApiCreatedResponse({
    type: FlowVersionDto,
    description: 'A copy of the version, published as the next number',
  })
  rollback(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Body() body: RollbackFlowDto,
    @Req() req: Request,
  ): Promise<FlowVersionView> {
    return this.versions.rollback(p, id, body, requestMetaOf(req));
  }

  @Can('read', 'FlowVersion')
  @Get('versions')
  @ApiOkResponse({
    type: FlowVersionPageDto,
    description: 'Newest first, the draft included, without definitions',
  })
  list(@CurrentPrincipal() p: Principal, @FlowId() id: string, @Query() q: PageQueryDto) {
    return this.versions.list(p, id, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  @Can('read', 'FlowVersion')
  @Get('versions/:number')
  @ApiOkResponse({ type: FlowVersionDetailDto })
  get(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Param('number', VersionNumberPipe) n: number,
  ): Promise<FlowVersionDetailView> {
    return this.versions.get(p, id, n);
  }

  @Can('read', 'FlowVersion')
  @Get('diff')
  @ApiOkResponse({
    type: FlowDiffDto,
    description: 'Steps added / removed / changed, edges added / removed, settings changed',
  })
  diff(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Query() q: FlowDiffQueryDto,
  ): Promise<FlowDiffView> {
    return this.versions.diff(p, id, versionRefOf(q.from), versionRefOf(q.to));
  }
}
