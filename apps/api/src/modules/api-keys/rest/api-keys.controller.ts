import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { ApiKeysService } from '../api-keys.service.js';
import { ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys.dto.js';

@ApiTags('api-keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Can('create', 'ApiKey')
  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key, shown only in this answer' })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateApiKeyDto,
    @Req() req: Request,
  ): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(p, body, requestMetaOf(req));
  }

  @Can('read', 'ApiKey')
  @Get()
  @ApiOkResponse({ type: ApiKeyPageDto, description: 'Every key of the tenant, newest first' })
  list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<ApiKeyPageDto> {
    return this.apiKeys.list(p, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  @Can('delete', 'ApiKey')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked (idempotent)' })
  revoke(
    @CurrentPrincipal() p: Principal,
    @Param('id', new UuidParamPipe('API key')) id: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.apiKeys.revoke(p, id, requestMetaOf(req));
  }
}
