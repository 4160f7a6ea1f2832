import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  applyOperation,
  asOperations,
  draftShapeProblems,
  isAppError,
  operationProblems,
  validateDefinition,
  type FlowDefinition,
  type Principal,
} from '@stepline/domain';
import {
  assertFlowExists,
  currentDraft,
  DATA_SOURCE,
  inTenant,
  insertDraft,
  lockEditableFlow,
  touchFlow,
  updateDraftDefinition,
  type DraftState,
} from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { AuditService } from '../audit/audit.service.js';
import { flowAuditEntry } from './flow-audit.js';
import { userIdOf } from './flow-views.js';
import { FLOW_LIMITS, type FlowDraftView } from './flows.types.js';
import { matchesRevision, type RevisionPrecondition } from './revision-precondition.js';

export const draftView = (flowId: string, draft: DraftState): FlowDraftView => ({
  flowId,
  version: draft.number,
  revision: draft.revision,
  saved: draft.id !== null,
  definition: draft.definition,
  problems: validateDefinition(draft.definition).problems,
});

/**
 * Refuses a draft write that names no revision (428) or another one than the draft's (412, with
 * the current revision so the client can reload and merge). Shared with publish.
 */
export function checkRevision(
  expected: RevisionPrecondition | undefined,
  current: number,
  optional = false,
): void {
  if (expected === undefined) {
    if (optional) return;
    throw new AppError(
      'precondition.required',
      'Name the draft revision you edited (If-Match: "<revision>")',
      {
        detail: { currentRevision: current },
      },
    );
  }
  if (!matchesRevision(expected, current)) {
    throw new AppError(
      'precondition.failed',
      `The draft changed since you read it; it is now at revision ${current}`,
      {
        detail: { currentRevision: current },
      },
    );
  }
}

/** Applies the operations in order; one that cannot apply is named by its index in the request. */
function applyAll(definition: FlowDefinition, operations: unknown[]): FlowDefinition {
  return asOperations(operations).reduce((def, op, i) => {
    try {
      return applyOperation(def, op);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation.failed') throw error;
      throw AppError.validation(
        error.problems.map((p) => ({ ...p, path: `/operations/${i}${p.path}` })),
        `Operation ${i} (${op.type}) cannot apply: ${error.message}`,
      );
    }
  }, definition);
}

/**
 * The draft of a flow: read it, replace it (PUT) or edit it with the domain's operations (PATCH).
 * Writes are optimistic: they name the revision they started from.
 */
@Injectable()
export class FlowDraftsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Reading never writes: with no saved draft, the published definition is offered as the next version. */
  get(principal: Principal, flowId: string): Promise<FlowDraftView> {
    return inTenant(this.db, principal.tenantId, async (m) => {
      await assertFlowExists(m, principal.tenantId, flowId);
      return draftView(flowId, await currentDraft(m, flowId));
    });
  }

  async save(
    principal: Principal,
    flowId: string,
    definition: unknown,
    expected: RevisionPrecondition | undefined,
    meta: RequestMeta,
  ): Promise<FlowDraftView> {
    const problems = draftShapeProblems(definition);
    if (problems.length) throw AppError.validation(problems);
    return this.write(principal, flowId, expected, meta, () => definition as Record<string, unknown>, {
      via: 'replace',
    });
  }

  async applyOperations(
    principal: Principal,
    flowId: string,
    operations: unknown[],
    expected: RevisionPrecondition | undefined,
    meta: RequestMeta,
  ): Promise<FlowDraftView> {
    if (operations.length > FLOW_LIMITS.operations) {
      throw AppError.validation([
        {
          path: '/operations',
          code: 'field.arrayMaxSize',
          message: `at most ${FLOW_LIMITS.operations} operations`,
        },
      ]);
    }
    const problems = operationProblems(operations);
    if (problems.length) throw AppError.validation(problems);
    const produce = (draft: DraftState) => {
      const next = applyAll(draft.definition as unknown as FlowDefinition, operations);
      // Operations take well-formed input, but a step they add may carry a body no walker could read.
      const shape = draftShapeProblems(next, '');
      if (shape.length) {
        throw AppError.validation(
          shape.map((p) => ({ ...p, path: `/operations${p.path}` })),
          'The operations leave a malformed draft',
        );
      }
      return next as unknown as Record<string, unknown>;
    };
    return this.write(principal, flowId, expected, meta, produce, {
      via: 'operations',
      operations: operations.length,
    });
  }

  private write(
    principal: Principal,
    flowId: string,
    expected: RevisionPrecondition | undefined,
    meta: RequestMeta,
    produce: (draft: DraftState) => Record<string, unknown>,
    how: Record<string, unknown>,
  ): Promise<FlowDraftView> {
    return inTenant(this.db, principal.tenantId, async (m) => {
      await lockEditableFlow(m, principal.tenantId, flowId);
      const draft = await currentDraft(m, flowId);
      checkRevision(expected, draft.revision);
      const saved = await this.store(m, principal, flowId, draft, produce(draft));
      await touchFlow(m, flowId);
      await this.audit.record(
        m,
        flowAuditEntry(principal, flowId, {
          action: 'flow.draft_saved',
          before: { version: draft.number, revision: draft.revision, saved: draft.id !== null },
          after: { version: saved.number, revision: saved.revision, ...how },
          meta,
        }),
      );
      return draftView(flowId, saved);
    });
  }

  /** Updates the saved draft, or creates it (the first save after a publish). */
  private async store(
    m: EntityManager,
    principal: Principal,
    flowId: string,
    draft: DraftState,
    definition: Record<string, unknown>,
  ): Promise<DraftState> {
    const id = draft.id
      ? (await updateDraftDefinition(m, draft.id, definition))?.id
      : await insertDraft(m, {
          tenantId: principal.tenantId,
          flowId,
          number: draft.number,
          revision: draft.revision + 1,
          definition,
          createdBy: userIdOf(principal),
        });
    // The flow lock makes this unreachable; failing loudly beats writing a version silently.
    if (!id) throw new AppError('resource.conflict', 'The draft changed during the save; retry');
    return { id, number: draft.number, revision: draft.revision + 1, definition };
  }
}
