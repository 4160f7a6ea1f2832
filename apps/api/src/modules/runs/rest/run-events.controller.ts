import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request, Response } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { RunEventStreamService } from '../run-event-stream.service.js';
import { RunEventDto } from './runs.dto.js';

/** Comment lines keep proxies and load balancers from closing an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;

@ApiTags('runs')
@Controller('v1/runs')
export class RunEventsController {
  constructor(private readonly streams: RunEventStreamService) {}

  @Can('read', 'Run')
  @Get(':id/events')
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume: only step events with a higher sequence number are replayed',
  })
  @ApiOkResponse({
    type: RunEventDto,
    description:
      'Server-Sent Events, each `data:` a RunEvent: every settled step (id: its seq), the run status, ' +
      'then live events; the stream ends after a terminal run status. Comments every 15 s keep it open.',
  })
  async events(
    @CurrentPrincipal() p: Principal,
    @Param('id', new UuidParamPipe('Run')) id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Opening checks the tenant and subscribes: a 404 still goes out as problem+json.
    const stream = await this.streams.open(p, id, lastEventId);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const heartbeat = setInterval(() => res.write(': ping\n\n'), SSE_HEARTBEAT_MS);
    const stop = () => void stream.return();
    req.on('close', stop);
    try {
      res.write('retry: 2000\n\n');
      for await (const { id: seq, event } of stream) {
        const head = seq === undefined ? '' : `id: ${seq}\n`;
        res.write(`${head}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      }
    } finally {
      clearInterval(heartbeat);
      req.off('close', stop);
      res.end();
    }
  }
}
