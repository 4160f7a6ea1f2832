import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@stepline/domain';
import type { Request, Response } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { RunsService } from '../runs.service.js';
import type { RunDetailView, RunView } from '../runs.types.js';
import {
  FlowRunsQueryDto,
  RunAcceptedDto,
  RunDetailDto,
  RunDto,
  RunFilterQueryDto,
  RunPageDto,
  ResumeRunDto,
  StartRunDto,
} from './runs.dto.js';

const RunId = () => Param('id', new UuidParamPipe('Run'));
const FlowId = () => Param('id', new UuidParamPipe('Flow'));

@ApiTags('runs')
@Controller('v1')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Can('start', 'Run')
  @Post('flows/:id/runs')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key + same body → the same run (200); another body → 422 idempotency.key_reused',
  })
  @ApiOkResponse({
    type: RunDetailDto,
    description: 'The run finished within `wait`, or the key was replayed',
  })
  @ApiAcceptedResponse({ type: RunAcceptedDto, description: 'The run is queued or in progress' })
  async start(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Body() body: StartRunDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.runs.start(p, flowId, { ...body, idempotencyKey });
    res.status(result.status);
    if (result.status === 200) return result.run;
    res.setHeader('Location', result.accepted.url);
    return result.accepted;
  }

  @Can('read', 'Run')
  @Get('flows/:id/runs')
  @ApiOkResponse({ type: RunPageDto, description: 'The flow’s runs, newest first' })
  listOfFlow(@CurrentPrincipal() p: Principal, @FlowId() flowId: string, @Query() q: FlowRunsQueryDto) {
    const { limit, cursor, ...filter } = q;
    return this.runs.list(p, { ...filter, flowId }, limit ?? DEFAULT_PAGE_SIZE, cursor, true);
  }

  @Can('read', 'Run')
  @Get('runs')
  @ApiOkResponse({ type: RunPageDto, description: 'Newest first' })
  list(@CurrentPrincipal() p: Principal, @Query() q: RunFilterQueryDto) {
    const { limit, cursor, ...filter } = q;
    return this.runs.list(p, filter, limit ?? DEFAULT_PAGE_SIZE, cursor);
  }

  @Can('read', 'Run')
  @Get('runs/:id')
  @ApiOkResponse({ type: RunDetailDto, description: 'The run with its step runs' })
  get(@CurrentPrincipal() p: Principal, @RunId() id: string): Promise<RunDetailView> {
    return this.runs.get(p, id);
  }

  @Can('cancel', 'Run')
  @Post('runs/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({
    type: RunDto,
    description:
      'Queued or waiting: cancelled at once. Running: cancel requested (cancelRequestedAt), the step in ' +
      'flight is aborted. Finished: 409 run.not_cancellable.',
  })
  cancel(@CurrentPrincipal() p: Principal, @RunId() id: string, @Req() req: Request): Promise<RunView> {
    return this.runs.cancel(p, id, requestMetaOf(req));
  }

  @Can('retry', 'Run')
  @Post('runs/:id/retry')
  @ApiCreatedResponse({ type: RunDto, description: 'A new run of the same version with the same input' })
  retry(@CurrentPrincipal() p: Principal, @RunId() id: string, @Req() req: Request): Promise<RunView> {
    return this.runs.retry(p, id, requestMetaOf(req));
  }

  @Can('retry', 'Run')
  @Post('runs/:id/resume')
  @ApiCreatedResponse({
    type: RunDto,
    description:
      'A new run from the failed step of a failed run, or from `fromStep` of any finished run, reusing the recorded upstream outputs',
  })
  resume(
    @CurrentPrincipal() p: Principal,
    @RunId() id: string,
    @Body() body: ResumeRunDto,
    @Req() req: Request,
  ): Promise<RunView> {
    return this.runs.resume(p, id, requestMetaOf(req), body?.fromStep);
  }
}
