import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal, UserPrincipal } from '@stepline/domain';
import type { Request } from 'express';
import { SignedInUser } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { Public } from '../../../common/auth/public.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { AuthService } from '../auth.service.js';
import {
  AuthSessionDto,
  LoginDto,
  RefreshDto,
  SessionInfoDto,
  SignupDto,
  SwitchTenantDto,
} from './auth.dto.js';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('signup')
  @ApiOkResponse({ type: AuthSessionDto, description: 'Creates a user and a tenant they own' })
  signup(@Body() body: SignupDto, @Req() req: Request): Promise<AuthSessionDto> {
    return this.auth.signup(body, requestMetaOf(req));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthSessionDto })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<AuthSessionDto> {
    return this.auth.login(body, requestMetaOf(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthSessionDto, description: 'Rotates the refresh token' })
  refresh(@Body() body: RefreshDto, @Req() req: Request): Promise<AuthSessionDto> {
    return this.auth.refresh(body.refreshToken, requestMetaOf(req));
  }

  @SignedInUser()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentPrincipal() principal: UserPrincipal, @Req() req: Request): Promise<void> {
    return this.auth.logout(principal, requestMetaOf(req));
  }

  @SignedInUser()
  @Post('switch-tenant')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthSessionDto })
  switchTenant(
    @CurrentPrincipal() p: Principal,
    @Body() body: SwitchTenantDto,
    @Req() req: Request,
  ): Promise<AuthSessionDto> {
    return this.auth.switchTenant(p, body.tenantId, requestMetaOf(req));
  }

  @SignedInUser()
  @Get('me')
  @ApiOkResponse({ type: SessionInfoDto, description: 'The signed-in user, tenant, role and memberships' })
  me(@CurrentPrincipal() principal: UserPrincipal): Promise<SessionInfoDto> {
    return this.auth.me(principal);
  }
}
