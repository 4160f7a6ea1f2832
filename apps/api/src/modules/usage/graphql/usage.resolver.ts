import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { UsageService } from '../usage.service.js';
import { UsageArgs, UsageModel } from './usage.model.js';

@Resolver()
export class UsageResolver {
  constructor(private readonly service: UsageService) {}

  @Can('read', 'Usage')
  @Query(() => UsageModel, { description: 'Usage per UTC day with the quotas in force (admins)' })
  usage(@CurrentPrincipal() p: Principal, @Args() args: UsageArgs): Promise<UsageModel> {
    return this.service.get(p, args.from, args.to);
  }
}
