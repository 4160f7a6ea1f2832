import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { PageArgs } from '../../../common/http/page-query.dto.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { SecretsService } from '../secrets.service.js';
import { CreateSecretInput, UpdateSecretInput } from './secrets.input.js';
import { SecretModel, SecretPageModel } from './secrets.model.js';

type Ctx = { req: Request };
const SecretId = () => Args('id', { type: () => ID }, new UuidParamPipe('Secret'));

@Resolver(() => SecretModel)
export class SecretsResolver {
  constructor(private readonly service: SecretsService) {}

  @Can('read', 'Secret')
  @Query(() => SecretPageModel, { description: 'Every secret of the tenant, newest first; never a value' })
  secrets(@CurrentPrincipal() p: Principal, @Args() page: PageArgs) {
    return this.service.list(p, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor);
  }

  @Can('read', 'Secret')
  @Query(() => SecretModel)
  secret(@CurrentPrincipal() p: Principal, @SecretId() id: string) {
    return this.service.get(p, id);
  }

  @Can('create', 'Secret')
  @Mutation(() => SecretModel)
  createSecret(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: CreateSecretInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.create(p, input, requestMetaOf(ctx.req));
  }

  @Can('update', 'Secret')
  @Mutation(() => SecretModel, { description: 'A new value and/or description; the value is write-only' })
  updateSecret(
    @CurrentPrincipal() p: Principal,
    @SecretId() id: string,
    @Args('input') input: UpdateSecretInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.update(p, id, input, requestMetaOf(ctx.req));
  }

  @Can('delete', 'Secret')
  @Mutation(() => Boolean)
  async deleteSecret(@CurrentPrincipal() p: Principal, @SecretId() id: string, @Context() ctx: Ctx) {
    await this.service.delete(p, id, requestMetaOf(ctx.req));
    return true;
  }
}
