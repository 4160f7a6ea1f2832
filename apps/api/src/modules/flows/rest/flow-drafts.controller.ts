import { Body, Controller, Get, Headers, Param, Patch, Put, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request, Response } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { FlowDraftsService } from '../flow-drafts.service.js';
import type { FlowDraftView } from '../flows.types.js';
import { parseIfMatch } from '../revision-precondition.js';
import { withEtag } from './etag.js';
import { ApplyOperationsDto, SaveDraftDto } from './flow-versions.dto.js';
import { FlowDraftDto } from './flows.dto.js';

const FlowId = () => Param('id', new UuidParamPipe('Flow'));
const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description: 'The draft’s ETag ("<revision>"); * overwrites whatever is there. Missing: 428; stale: 412.',
};

@ApiTags('flows')
@Controller('v1/flows/:id/draft')
export class FlowDraftsController {
  constructor(private readonly drafts: FlowDraftsService) {}

  @Can('read', 'FlowVersion')
  @Get()
  @ApiOkResponse({ type: FlowDraftDto, description: 'The draft with its problems; ETag: "<revision>"' })
  async get(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FlowDraftView> {
    return withEtag(res, await this.drafts.get(p, id));
  }

  @Can('update', 'FlowVersion')
  @Put()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: FlowDraftDto, description: 'The saved draft; ETag: its new revision' })
  async save(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Body() body: SaveDraftDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FlowDraftView> {
    return withEtag(
      res,
      await this.drafts.save(p, id, body.definition, parseIfMatch(ifMatch), requestMetaOf(req)),
    );
  }

  @Can('update', 'FlowVersion')
  @Patch()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({
    type: FlowDraftDto,
    description: 'The draft after the operations; ETag: its new revision',
  })
  async apply(
    @CurrentPrincipal() p: Principal,
    @FlowId() id: string,
    @Body() body: ApplyOperationsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FlowDraftView> {
    return withEtag(
      res,
      await this.drafts.applyOperations(p, id, body.operations, parseIfMatch(ifMatch), requestMetaOf(req)),
    );
  }
}
