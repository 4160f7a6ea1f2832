import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal, UserPrincipal } from '@stepline/domain';
import type { Request } from 'express';
import { Can, SignedInUser } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { MembersService } from '../members.service.js';
import { ChangeRoleDto, MemberDto, MemberPageDto, TransferOwnershipDto } from './members.dto.js';

@ApiTags('members')
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Can('read', 'Member')
  @Get()
  @ApiOkResponse({ type: MemberPageDto })
  list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<MemberPageDto> {
    return this.members.list(p, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  @Can('transfer', 'Tenant')
  @Post('transfer-ownership')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberDto, description: 'The new owner; the caller becomes admin' })
  transfer(
    @CurrentPrincipal() p: Principal,
    @Body() body: TransferOwnershipDto,
    @Req() req: Request,
  ): Promise<MemberDto> {
    return this.members.transferOwnership(p, body.userId, requestMetaOf(req));
  }

  @SignedInUser()
  @Post('leave')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The caller leaves the tenant; their sessions here end' })
  leave(@CurrentPrincipal() p: UserPrincipal, @Req() req: Request): Promise<void> {
    return this.members.leave(p, requestMetaOf(req));
  }

  @Can('update', 'Member')
  @Patch(':userId')
  @ApiOkResponse({ type: MemberDto })
  changeRole(
    @CurrentPrincipal() p: Principal,
    @Param('userId', new UuidParamPipe('Member')) userId: string,
    @Body() body: ChangeRoleDto,
    @Req() req: Request,
  ): Promise<MemberDto> {
    return this.members.changeRole(p, userId, body.role, requestMetaOf(req));
  }

  @Can('delete', 'Member')
  @Delete(':userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; their sessions in this tenant end' })
  remove(
    @CurrentPrincipal() p: Principal,
    @Param('userId', new UuidParamPipe('Member')) userId: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.members.remove(p, userId, requestMetaOf(req));
  }
}
