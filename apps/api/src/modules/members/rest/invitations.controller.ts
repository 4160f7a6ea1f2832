import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { Public } from '../../../common/auth/public.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { AuthSessionDto } from '../../auth/rest/auth.dto.js';
import { InvitationsService } from '../invitations.service.js';
import {
  AcceptInvitationDto,
  CreatedInvitationDto,
  CreateInvitationDto,
  InvitationPageDto,
} from './invitations.dto.js';

@ApiTags('members')
@Controller('v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Can('create', 'Invitation')
  @Post()
  @ApiCreatedResponse({ type: CreatedInvitationDto, description: 'The invitation and its one-time token' })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateInvitationDto,
    @Req() req: Request,
  ): Promise<CreatedInvitationDto> {
    return this.invitations.create(p, body, requestMetaOf(req));
  }

  @Can('read', 'Invitation')
  @Get()
  @ApiOkResponse({ type: InvitationPageDto, description: 'Pending invitations, newest first' })
  list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<InvitationPageDto> {
    return this.invitations.listPending(p, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  @Public()
  @Post('accept')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthSessionDto, description: 'Joins the tenant and signs in to it' })
  accept(@Body() body: AcceptInvitationDto, @Req() req: Request): Promise<AuthSessionDto> {
    return this.invitations.accept(body, requestMetaOf(req));
  }

  @Can('delete', 'Invitation')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked (idempotent)' })
  revoke(
    @CurrentPrincipal() p: Principal,
    @Param('id', new UuidParamPipe('Invitation')) id: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.invitations.revoke(p, id, requestMetaOf(req));
  }
}
