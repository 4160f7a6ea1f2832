import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageArgs } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { ApiKeysService } from '../api-keys.service.js';
import { CreateApiKeyInput } from './api-keys.input.js';
import { ApiKeyModel, ApiKeyPageModel, CreatedApiKeyModel } from './api-keys.model.js';

type Ctx = { req: Request };

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly service: ApiKeysService) {}

  @Can('read', 'ApiKey')
  @Query(() => ApiKeyPageModel, { description: 'Every API key of the tenant, newest first' })
  apiKeys(@CurrentPrincipal() p: Principal, @Args() page: PageArgs) {
    return this.service.list(p, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor);
  }

  @Can('create', 'ApiKey')
  @Mutation(() => CreatedApiKeyModel)
  createApiKey(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: CreateApiKeyInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.create(p, input, requestMetaOf(ctx.req));
  }

  @Can('delete', 'ApiKey')
  @Mutation(() => Boolean)
  async revokeApiKey(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID }, new UuidParamPipe('API key')) id: string,
    @Context() ctx: Ctx,
  ) {
    await this.service.revoke(p, id, requestMetaOf(ctx.req));
    return true;
  }
}
