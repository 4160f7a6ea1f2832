import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../../../common/auth/public.decorator.js';
import { ReadinessService } from '../readiness.service.js';

@ObjectType('Health')
export class HealthModel {
  @Field(() => String)
  status!: string;

  @Field(() => String)
  postgres!: string;

  @Field(() => String)
  redis!: string;
}

@Public()
@Resolver(() => HealthModel)
export class HealthResolver {
  constructor(private readonly readiness: ReadinessService) {}

  @Query(() => HealthModel, { description: 'Readiness of the API and its dependencies' })
  async health(): Promise<HealthModel> {
    const { status, checks } = await this.readiness.check();
    return { status, ...checks };
  }
}
