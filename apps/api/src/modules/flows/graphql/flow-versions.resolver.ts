import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@stepline/domain';
import type { Request } from 'express';
import { Can } from '../../../common/auth/can.decorator.js';
import { CurrentPrincipal } from '../../../common/auth/principal.decorator.js';
import { requestMetaOf } from '../../../common/auth/request-meta.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import { UuidParamPipe } from '../../../common/http/uuid-param.pipe.js';
import { JsonScalar } from '../../audit/graphql/json.scalar.js';
import { FlowDraftsService } from '../flow-drafts.service.js';
import { FlowVersionsService } from '../flow-versions.service.js';
import type { VersionRef } from '../flows.types.js';
import {
  FlowDiffModel,
  FlowDraftModel,
  FlowVersionDetailModel,
  FlowVersionModel,
  FlowVersionPageModel,
} from './flows.model.js';
import { MultilineArg } from '../../../common/http/text-input.js';
import { VersionRefPipe } from './version-ref.pipe.js';

type Ctx = { req: Request };
// Plain arguments rather than an @ArgsType: the whitelist of an ArgsType would see `flowId` as unknown.
const FlowId = () => Args('flowId', { type: () => ID }, new UuidParamPipe('Flow'));
const Revision = (nullable = false, description = 'The draft revision the edit started from') =>
  Args('revision', { type: () => Int, nullable, description });
const ChangeNote = () => MultilineArg('changeNote', { type: () => String, nullable: true });
const revisions = (revision: number | null | undefined) =>
  revision === undefined || revision === null ? undefined : [revision];

/** The draft and the versions of a flow; `revision` arguments play the part of REST's If-Match. */
@Resolver(() => FlowVersionModel)
export class FlowVersionsResolver {
  constructor(
    private readonly drafts: FlowDraftsService,
    private readonly versions: FlowVersionsService,
  ) {}

  @Can('read', 'FlowVersion')
  @Query(() => FlowDraftModel, {
    description: 'The draft with its problems (the published definition if none is saved)',
  })
  flowDraft(@CurrentPrincipal() p: Principal, @FlowId() flowId: string) {
    return this.drafts.get(p, flowId);
  }

  @Can('update', 'FlowVersion')
  @Mutation(() => FlowDraftModel, {
    description: 'Replaces the draft; precondition.failed when `revision` is stale',
  })
  saveFlowDraft(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('definition', { type: () => JsonScalar }) definition: unknown,
    @Revision() revision: number,
    @Context() ctx: Ctx,
  ) {
    return this.drafts.save(p, flowId, definition, [revision], requestMetaOf(ctx.req));
  }

  @Can('update', 'FlowVersion')
  @Mutation(() => FlowDraftModel, {
    description: 'Edits the draft with flow-definition operations, all or none',
  })
  applyFlowOperations(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('operations', { type: () => [JsonScalar] }) operations: unknown[],
    @Revision() revision: number,
    @Context() ctx: Ctx,
  ) {
    return this.drafts.applyOperations(p, flowId, operations, [revision], requestMetaOf(ctx.req));
  }

  @Can('read', 'FlowVersion')
  @Query(() => FlowVersionPageModel, { description: 'Newest first, the draft included, without definitions' })
  flowVersions(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('limit', { type: () => Int, defaultValue: DEFAULT_PAGE_SIZE }) limit: number,
    @Args('cursor', { type: () => String, nullable: true }) cursor: string | undefined,
  ) {
    return this.versions.list(p, flowId, limit, cursor ?? undefined);
  }

  @Can('read', 'FlowVersion')
  @Query(() => FlowVersionDetailModel)
  flowVersion(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('number', { type: () => Int }) n: number,
  ) {
    return this.versions.get(p, flowId, n);
  }

  @Can('read', 'FlowVersion')
  @Query(() => FlowDiffModel, { description: 'from / to: a version number or "draft"' })
  flowDiff(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('from', { type: () => String }, new VersionRefPipe('from')) from: VersionRef,
    @Args('to', { type: () => String }, new VersionRefPipe('to')) to: VersionRef,
  ) {
    return this.versions.diff(p, flowId, from, to);
  }

  @Can('publish', 'Flow')
  @Mutation(() => FlowVersionModel, {
    description: 'Validates and publishes the draft; the previous version is archived',
  })
  publishFlow(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @ChangeNote() changeNote: string | null | undefined,
    @Revision(true, 'Publish only if the draft is still at this revision')
    revision: number | null | undefined,
    @Context() ctx: Ctx,
  ) {
    return this.versions.publish(p, flowId, changeNote ?? null, revisions(revision), requestMetaOf(ctx.req));
  }

  @Can('publish', 'Flow')
  @Mutation(() => FlowVersionModel, {
    description: 'Publishes a copy of an earlier version as the next number',
  })
  rollbackFlow(
    @CurrentPrincipal() p: Principal,
    @FlowId() flowId: string,
    @Args('version', { type: () => Int }) version: number,
    @ChangeNote() changeNote: string | null | undefined,
    @Context() ctx: Ctx,
  ) {
    return this.versions.rollback(p, flowId, { version, changeNote }, requestMetaOf(ctx.req));
  }
}
