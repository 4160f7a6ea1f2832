import { Query, Resolver } from '@nestjs/graphql';
import { Can } from '../../../common/auth/can.decorator.js';
import { StepTypesService } from '../step-types.service.js';
import { StepTypeModel } from './step-types.model.js';

@Resolver(() => StepTypeModel)
export class StepTypesResolver {
  constructor(private readonly service: StepTypesService) {}

  @Can('read', 'StepType')
  @Query(() => [StepTypeModel], { description: 'The step-type catalogue in palette order' })
  stepTypes() {
    return this.service.list();
  }
}
