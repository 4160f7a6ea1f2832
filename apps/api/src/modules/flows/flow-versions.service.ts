import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  assertValidDefinition,
  diffDefinitions,
  type FieldProblem,
  type FlowDefinition,
  type Principal,
} from '@stepline/domain';
import {
  archivePublished,
  assertFlowExists,
  bumpDraftNumber,
  currentDraft,
  DATA_SOURCE,
  findVersion,
  findVersionByStatus,
  inTenant,
  insertPublishedVersion,
  listVersions,
  lockEditableFlow,
  publishDraft,
  touchFlow,
  versionHead,
} from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { MAX_PAGE_SIZE, numberCursor, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { flowAuditEntry } from './flow-audit.js';
import { checkRevision } from './flow-drafts.service.js';
import { toVersion, toVersionDetail, userIdOf } from './flow-views.js';
import {
  FLOW_LIMITS,
  type DiffSide,
  type FlowDiffView,
  type FlowVersionDetailView,
  type FlowVersionView,
  type RollbackInput,
  type VersionRef,
} from './flows.types.js';
import type { RevisionPrecondition } from './revision-precondition.js';

/** Version lists page by number (numbers are the order): the cursor is the last number shown. */
const encodeCursor = (number: number) => numberCursor.encode({ n: number });
const decodeCursor = (cursor: string | undefined): number | null =>
  numberCursor.decodeOptional(cursor)?.n ?? null;

const versionProblem = (message: string, code = 'field.invalid') =>
  AppError.validation([{ path: '/version', code, message }], message);

/** Transports validate these too; the service keeps every caller honest. */
function checkInput(input: { limit?: number; changeNote?: string | null }): void {
  const problems: FieldProblem[] = [];
  if (
    input.limit !== undefined &&
    !(Number.isInteger(input.limit) && input.limit >= 1 && input.limit <= MAX_PAGE_SIZE)
  ) {
    problems.push({ path: '/limit', code: 'field.range', message: `limit must be 1–${MAX_PAGE_SIZE}` });
  }
  if (input.changeNote && input.changeNote.length > FLOW_LIMITS.changeNote) {
    problems.push({
      path: '/changeNote',
      code: 'field.maxLength',
      message: `at most ${FLOW_LIMITS.changeNote} characters`,
    });
  }
  if (problems.length) throw AppError.validation(problems);
}

/**
 * Published history: list and read versions, publish the draft, roll back, diff. History is
 * linear — numbers only grow and nothing is deleted — and only the draft ever changes.
 */
@Injectable()
export class FlowVersionsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, the draft included; definitions are left out (read one version for it). */
  list(principal: Principal, flowId: string, limit: number, cursor?: string): Promise<Page<FlowVersionView>> {
    checkInput({ limit });
    const before = decodeCursor(cursor);
    return inTenant(this.db, principal.tenantId, async (m) => {
      await assertFlowExists(m, principal.tenantId, flowId);
      const { rows, next } = await listVersions(m, flowId, { before, limit });
      return { data: rows.map(toVersion), nextCursor: next === null ? null : encodeCursor(next) };
    });
  }

  get(principal: Principal, flowId: string, number: number): Promise<FlowVersionDetailView> {
    return inTenant(this.db, principal.tenantId, async (m) => {
      await assertFlowExists(m, principal.tenantId, flowId);
      return toVersionDetail(await findVersion(m, flowId, number));
    });
  }

  /**
   * Freezes the saved draft as the published version and archives the one before, in one
   * transaction under the flow's lock: of two concurrent publishes the second finds no draft.
   * `expected` (If-Match) is optional here: it guards against publishing edits one has not seen.
   */
  publish(
    principal: Principal,
    flowId: string,
    changeNote: string | null,
    expected: RevisionPrecondition | undefined,
    meta: RequestMeta,
  ): Promise<FlowVersionView> {
    checkInput({ changeNote });
    return inTenant(this.db, principal.tenantId, async (m) => {
      await lockEditableFlow(m, principal.tenantId, flowId);
      const draft = await findVersionByStatus(m, flowId, 'draft');
      if (!draft)
        throw new AppError('flow.no_draft', 'Nothing to publish: the draft has no unpublished changes');
      checkRevision(expected, draft.revision, true);
      assertValidDefinition(draft.definition);
      const previous = await archivePublished(m, flowId);
      const published = await publishDraft(m, draft.id, changeNote);
      // The flow lock makes this unreachable; failing loudly beats answering a version that is not.
      if (!published) throw new AppError('resource.conflict', 'The draft changed during the publish; retry');
      await touchFlow(m, flowId);
      await this.audit.record(
        m,
        flowAuditEntry(principal, flowId, {
          action: 'flow.published',
          before: { publishedVersion: previous },
          after: { publishedVersion: draft.number, revision: draft.revision, changeNote },
          meta,
        }),
      );
      return toVersion(published);
    });
  }

  /**
   * Publishes a copy of version k as the next number. A saved draft is left as it is — it is
   * someone's unpublished work — and moves up one number, so published numbers stay in publish
   * order and the draft stays the newest.
   */
  rollback(
    principal: Principal,
    flowId: string,
    input: RollbackInput,
    meta: RequestMeta,
  ): Promise<FlowVersionView> {
    checkInput({ changeNote: input.changeNote });
    return inTenant(this.db, principal.tenantId, async (m) => {
      await lockEditableFlow(m, principal.tenantId, flowId);
      const source = await findVersion(m, flowId, input.version);
      if (source.status === 'draft') throw versionProblem('is the draft: publish it instead');
      if (source.status === 'published')
        throw versionProblem('is already the published version', 'version.published');
      assertValidDefinition(source.definition);
      const draft = await findVersionByStatus(m, flowId, 'draft');
      const head = await versionHead(m, flowId);
      const number = draft ? draft.number : head.latest + 1;
      if (draft) await bumpDraftNumber(m, draft.id);
      const previous = await archivePublished(m, flowId);
      const changeNote = input.changeNote ?? `rollback to v${input.version}`;
      const copy = await insertPublishedVersion(m, {
        tenantId: principal.tenantId,
        flowId,
        number,
        revision: head.maxRevision + 1,
        definition: source.definition,
        changeNote,
        createdBy: userIdOf(principal),
      });
      await touchFlow(m, flowId);
      await this.audit.record(
        m,
        flowAuditEntry(principal, flowId, {
          action: 'flow.rolled_back',
          before: { publishedVersion: previous },
          after: { publishedVersion: number, fromVersion: input.version, changeNote },
          meta,
        }),
      );
      return toVersion(copy);
    });
  }

  /** What changed from one version (or the draft) to another, as `diffDefinitions` sees it. */
  diff(principal: Principal, flowId: string, from: VersionRef, to: VersionRef): Promise<FlowDiffView> {
    return inTenant(this.db, principal.tenantId, async (m) => {
      await assertFlowExists(m, principal.tenantId, flowId);
      const a = await this.side(m, flowId, from);
      const b = await this.side(m, flowId, to);
      return { from: a.side, to: b.side, ...diffDefinitions(a.definition, b.definition) };
    });
  }

  private async side(
    m: EntityManager,
    flowId: string,
    ref: VersionRef,
  ): Promise<{ side: DiffSide; definition: FlowDefinition }> {
    if (ref === 'draft') {
      const draft = await currentDraft(m, flowId);
      return {
        side: { version: draft.number, status: 'draft' },
        definition: draft.definition as unknown as FlowDefinition,
      };
    }
    const version = await findVersion(m, flowId, ref);
    return {
      side: { version: version.number, status: version.status },
      definition: version.definition as unknown as FlowDefinition,
    };
  }
}
