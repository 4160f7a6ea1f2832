import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { EventsService } from '../events.service.js';
import { PublishedEventModel, PublishEventInput } from './events.graphql-types.js';

/** Events over GraphQL: the same service as `POST /v1/events`. */
@Resolver(() => PublishedEventModel)
export class EventsResolver {
  constructor(private readonly service: EventsService) {}

  @Can('create', 'Event')
  @Mutation(() => PublishedEventModel, {
    description: 'Resumes runs waiting for (name, key) and starts flows with a matching event trigger',
  })
  publishEvent(@CurrentPrincipal() p: Principal, @Args('input') input: PublishEventInput) {
    return this.service.publish(p, input);
  }
}
