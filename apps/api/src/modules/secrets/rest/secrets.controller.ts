import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageQueryDto } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { SecretsService } from '../secrets.service.js';
import type { SecretView } from '../secrets.types.js';
import { CreateSecretDto, SecretDto, SecretPageDto, UpdateSecretDto } from './secrets.dto.js';

const SecretId = () => Param('id', new UuidParamPipe('Secret'));

@ApiTags('secrets')
@Controller('v1/secrets')
export class SecretsController {
  constructor(private readonly secrets: SecretsService) {}

  @Can('create', 'Secret')
  @Post()
  @ApiCreatedResponse({ type: SecretDto, description: 'The secret, without its value' })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateSecretDto,
    @Req() req: Request,
  ): Promise<SecretView> {
    return this.secrets.create(p, body, requestMetaOf(req));
  }

  @Can('read', 'Secret')
  @Get()
  @ApiOkResponse({ type: SecretPageDto, description: 'Every secret of the tenant, newest first; no values' })
  list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<SecretPageDto> {
    return this.secrets.list(p, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  @Can('read', 'Secret')
  @Get(':id')
  @ApiOkResponse({ type: SecretDto, description: 'The secret, without its value' })
  get(@CurrentPrincipal() p: Principal, @SecretId() id: string): Promise<SecretView> {
    return this.secrets.get(p, id);
  }

  @Can('update', 'Secret')
  @Patch(':id')
  @ApiOkResponse({ type: SecretDto, description: 'The secret, without its value' })
  update(
    @CurrentPrincipal() p: Principal,
    @SecretId() id: string,
    @Body() body: UpdateSecretDto,
    @Req() req: Request,
  ): Promise<SecretView> {
    return this.secrets.update(p, id, body, requestMetaOf(req));
  }

  @Can('delete', 'Secret')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  delete(@CurrentPrincipal() p: Principal, @SecretId() id: string, @Req() req: Request): Promise<void> {
    return this.secrets.delete(p, id, requestMetaOf(req));
  }
}
