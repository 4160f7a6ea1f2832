import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { TenantsService } from '../tenants.service.js';
import { UpdateTenantInput } from './tenants.input.js';
import { TenantModel } from './tenants.model.js';

type Ctx = { req: Request };

@Resolver(() => TenantModel)
export class TenantsResolver {
  constructor(private readonly service: TenantsService) {}

  @Can('read', 'Tenant')
  @Query(() => TenantModel, { description: 'The tenant of the credential' })
  tenant(@CurrentPrincipal() p: Principal) {
    return this.service.get(p);
  }

  @Can('update', 'Tenant')
  @Mutation(() => TenantModel)
  updateTenant(
    @CurrentPrincipal() p: Principal,
    @Args('input') input: UpdateTenantInput,
    @Context() ctx: Ctx,
  ) {
    return this.service.update(p, input, requestMetaOf(ctx.req));
  }
}
