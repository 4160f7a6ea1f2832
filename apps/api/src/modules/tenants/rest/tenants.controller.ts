import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { TenantsService } from '../tenants.service.js';
import { TenantDto, UpdateTenantDto } from './tenants.dto.js';

/** The tenant of the credential; there is no tenant id in the path to tamper with. */
@ApiTags('tenant')
@Controller('v1/tenant')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Can('read', 'Tenant')
  @Get()
  @ApiOkResponse({ type: TenantDto })
  get(@CurrentPrincipal() p: Principal): Promise<TenantDto> {
    return this.tenants.get(p);
  }

  @Can('update', 'Tenant')
  @Patch()
  @ApiOkResponse({ type: TenantDto })
  update(
    @CurrentPrincipal() p: Principal,
    @Body() body: UpdateTenantDto,
    @Req() req: Request,
  ): Promise<TenantDto> {
    return this.tenants.update(p, body, requestMetaOf(req));
  }
}
