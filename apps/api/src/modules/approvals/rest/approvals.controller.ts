import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { ApprovalsService } from '../approvals.service.js';
import type { ApprovalView } from '../approvals.types.js';
import { ApprovalDto, ApprovalPageDto, ApprovalsQueryDto, DecideApprovalDto } from './approvals.dto.js';

const ApprovalId = () => Param('id', new UuidParamPipe('Approval'));

/** Approvals are part of runs: whoever reads runs reads them; deciding needs `decide Approval`. */
@ApiTags('approvals')
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Can('read', 'Run')
  @Get()
  @ApiOkResponse({ type: ApprovalPageDto, description: 'Newest first' })
  list(@CurrentPrincipal() p: Principal, @Query() q: ApprovalsQueryDto): Promise<ApprovalPageDto> {
    const { limit, cursor, ...filter } = q;
    return this.approvals.list(p, filter, limit ?? DEFAULT_PAGE_SIZE, cursor);
  }

  @Can('read', 'Run')
  @Get(':id')
  @ApiOkResponse({ type: ApprovalDto })
  get(@CurrentPrincipal() p: Principal, @ApprovalId() id: string): Promise<ApprovalView> {
    return this.approvals.get(p, id);
  }

  @Can('decide', 'Approval')
  @Post(':id/decide')
  @HttpCode(200)
  @ApiOkResponse({
    type: ApprovalDto,
    description:
      'Decided: the run resumes on the chosen option’s port. A second decision is 409 approval.already_decided.',
  })
  decide(
    @CurrentPrincipal() p: Principal,
    @ApprovalId() id: string,
    @Body() body: DecideApprovalDto,
    @Req() req: Request,
  ): Promise<ApprovalView> {
    return this.approvals.decide(p, id, body, requestMetaOf(req));
  }
}
