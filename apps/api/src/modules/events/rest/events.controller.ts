import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { EventsService } from '../events.service.js';
import type { PublishedEvent } from '../events.types.js';
import { PublishedEventDto, PublishEventDto } from './events.dto.js';

@ApiTags('events')
@Controller('v1')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Can('create', 'Event')
  @Post('events')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: PublishedEventDto,
    description: 'Runs resumed and started (queued); a repeated id answers the first result',
  })
  publish(@CurrentPrincipal() p: Principal, @Body() body: PublishEventDto): Promise<PublishedEvent> {
    return this.events.publish(p, body);
  }
}
