import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { RunEventStreamService } from '../run-event-stream.service.js';
import { RunsService } from '../runs.service.js';
import { RunsArgs, StartRunInput } from './runs.input.js';
import { RunDetailModel, RunEventModel, RunModel, RunPageModel } from './runs.model.js';

type Ctx = { req: Request };
const RunId = (name = 'id') => Args(name, { type: () => ID }, new UuidParamPipe('Run'));
const FlowId = () => Args('flowId', { type: () => ID }, new UuidParamPipe('Flow'));
const versionOf = (v: string | undefined | null) => (v === 'draft' ? 'draft' : v ? Number(v) : undefined);

/** Runs over GraphQL: the same service as REST; a start always answers the run as it is then. */
@Resolver(() => RunModel)
export class RunsResolver {
  constructor(
    private readonly service: RunsService,
    private readonly streams: RunEventStreamService,
  ) {}

  @Can('read', 'Run')
  @Query(() => RunDetailModel, { description: 'A run with its step runs' })
  run(@CurrentPrincipal() p: Principal, @RunId() id: string) {
    return this.service.get(p, id);
  }

  @Can('read', 'Run')
  @Query(() => RunPageModel, { description: 'Runs of the tenant, newest first' })
  runs(@CurrentPrincipal() p: Principal, @Args() args: RunsArgs) {
    return this.service.list(p, { ...args.filter }, args.limit ?? DEFAULT_PAGE_SIZE, args.cursor);
  }

  @Can('start', 'Run')
  @Mutation(() => RunDetailModel, {
    description: 'Starts a run; with `wait`, answers once it finished or `wait` seconds passed',
  })
  async startRun(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('input', { type: () => StartRunInput, nullable: true }) input: StartRunInput | null,
  ) {
    const { version, ...rest } = input ?? {};
    const result = await this.service.start(p, flowId, { ...rest, version: versionOf(version) });
    return result.status === 200 ? result.run : this.service.get(p, result.accepted.id);
  }

  @Can('cancel', 'Run')
  @Mutation(() => RunModel, { description: 'Cancels a queued, waiting or running run' })
  cancelRun(@CurrentPrincipal() p: Principal, @RunId() id: string, @Context() ctx: Ctx) {
    return this.service.cancel(p, id, requestMetaOf(ctx.req));
  }

  @Can('retry', 'Run')
  @Mutation(() => RunModel, { description: 'A new run of the same version with the same input' })
  retryRun(@CurrentPrincipal() p: Principal, @RunId() id: string, @Context() ctx: Ctx) {
    return this.service.retry(p, id, requestMetaOf(ctx.req));
  }

  @Can('retry', 'Run')
  @Mutation(() => RunModel, {
    description: 'A new run from the failed step of a failed run, or from fromStep of any finished run',
  })
  resumeRun(
    @CurrentPrincipal() p: Principal,
    @RunId() id: string,
    @Args('fromStep', { type: () => String, nullable: true }) fromStep: string | null,
    @Context() ctx: Ctx,
  ) {
    return this.service.resume(p, id, requestMetaOf(ctx.req), fromStep ?? undefined);
  }

  @Can('read', 'Run')
  @Subscription(() => RunEventModel, {
    description: 'Settled steps so far, the run status, then live events until the run finishes',
    resolve: (item: { event: RunEventModel }) => item.event,
  })
  runEvents(@CurrentPrincipal() p: Principal, @RunId('runId') runId: string) {
    return this.streams.open(p, runId);
  }
}
