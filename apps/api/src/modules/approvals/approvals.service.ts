import { Inject, Injectable } from '@nestjs/common';
import {
  actorOf,
  AppError,
  decidedResolution,
  decideRefusal,
  decisionProblems,
  mayDecide,
  type ApprovalDecider,
  type ApprovalOutput,
  type ApprovalRequest,
  type ApproverRole,
  type Principal,
} from '@stepline/domain';
import {
  DATA_SOURCE,
  findApproval,
  inTenant,
  listApprovals,
  LOGGER,
  resumeWaitpoint,
  type ApprovalRecord,
  type Logger,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter } from '../../common/http/keyset-page.js';
import { encodeCursor, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { RunQueue } from '../runs/run-queue.provider.js';
import type { ApprovalFilter, ApprovalView, DecideApprovalInput } from './approvals.types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The request the executor recorded in the waitpoint's details (see apps/worker/src/steps/approval). */
export function requestOf(details: Record<string, unknown>): ApprovalRequest & { stepName: string | null } {
  const options = strings(details['options']);
  return {
    title: textOrNull(details['title']) ?? 'Approve?',
    message: textOrNull(details['message']),
    options: options.length > 0 ? options : ['approved', 'rejected'],
    approverRole: (textOrNull(details['approverRole']) ?? 'operator') as ApproverRole,
    assignees: strings(details['assignees']),
    timeoutMs: typeof details['timeoutMs'] === 'number' ? details['timeoutMs'] : null,
    defaultOutcome: textOrNull(details['defaultOutcome']),
    stepName: textOrNull(details['stepName']),
  };
}

/** The step output a settled approval recorded (a decision, or a timeout's default outcome). */
const outputOf = (r: ApprovalRecord): Partial<ApprovalOutput> =>
  r.result && typeof r.result === 'object' ? (r.result as Partial<ApprovalOutput>) : {};

/** An expiry that has passed counts as settled even before the sweeper times the waitpoint out. */
const isOpen = (r: ApprovalRecord, now = Date.now()) =>
  r.status === 'pending' && (r.expiresAt === null || r.expiresAt.getTime() > now);

export function toApprovalView(r: ApprovalRecord, principal: Principal): ApprovalView {
  const request = requestOf(r.details);
  const output = outputOf(r);
  return {
    id: r.id,
    status: r.status,
    runId: r.runId,
    flowId: r.flowId,
    flowName: r.flowName,
    flowVersion: r.flowVersion,
    stepId: r.stepId,
    stepName: request.stepName,
    title: request.title,
    message: request.message,
    options: request.options,
    approverRole: request.approverRole,
    assignees: request.assignees,
    requestedAt: r.requestedAt.toISOString(),
    expiresAt: iso(r.expiresAt),
    defaultOutcome: request.defaultOutcome,
    decision: output.decision ?? null,
    comment: output.comment ?? null,
    decidedBy: (output.decidedBy as ApprovalDecider | undefined) ?? null,
    decidedAt: output.decidedAt ?? iso(r.resolvedAt),
    canDecide: isOpen(r) && mayDecide(principal, request),
  };
}

const resolvedByOf = (p: Principal) => (p.kind === 'user' ? `user:${p.userId}` : `api-key:${p.apiKeyId}`);

/**
 * Approvals are waitpoints of kind `approval` (docs/adr/0006-durable-waits.md): the worker's
 * approval executor creates one when the step starts; deciding resolves it through the one resume
 * path (`resumeWaitpoint`, compare-and-set: exactly once) and wakes the run's job after the commit.
 * Rules (who, which decision, comment) are the domain's (`libs/domain/src/approvals`).
 */
@Injectable()
export class ApprovalsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditService,
    private readonly queue: RunQueue,
  ) {}

  /** Newest first. */
  async list(
    principal: Principal,
    filter: ApprovalFilter,
    limit: number,
    cursor?: string,
  ): Promise<Page<ApprovalView>> {
    const after = keysetAfter(cursor);
    const { tenantId } = principal;
    // An API key has no assignments of its own: "assigned to me" is what it may decide (all or none).
    if (filter.assignedToMe && principal.kind === 'api_key' && !mayDecide(principal, requestOf({}))) {
      return { data: [], nextCursor: null };
    }
    const { rows, nextKey } = await inTenant(this.db, tenantId, (m) =>
      listApprovals(m, tenantId, {
        status: filter.status,
        flowId: filter.flowId,
        runId: filter.runId,
        assignedTo:
          filter.assignedToMe && principal.kind === 'user'
            ? { userId: principal.userId, email: principal.email, role: principal.role }
            : undefined,
        after: after.t && after.id ? { t: after.t, id: after.id } : null,
        limit,
      }),
    );
    return {
      data: rows.map((r) => toApprovalView(r, principal)),
      nextCursor: nextKey && encodeCursor(nextKey),
    };
  }

  get(principal: Principal, id: string): Promise<ApprovalView> {
    return inTenant(this.db, principal.tenantId, async (m) => {
      const found = await findApproval(m, principal.tenantId, id);
      if (!found) throw AppError.notFound('Approval');
      return toApprovalView(found, principal);
    });
  }

  /**
   * Decides once: who (role, assignees) and what (an option, a comment) are checked against the
   * request the step recorded, then the waitpoint is resolved by compare-and-set with the step's
   * output and the decision audited in the same transaction. A second decision, one after the
   * expiry, or one on a cancelled run is 409 `approval.already_decided`.
   */
  async decide(
    principal: Principal,
    id: string,
    input: DecideApprovalInput,
    meta: RequestMeta,
  ): Promise<ApprovalView> {
    const { tenantId } = principal;
    const decided = await inTenant(this.db, tenantId, async (m) => {
      const found = await findApproval(m, tenantId, id);
      if (!found) throw AppError.notFound('Approval');
      const request = requestOf(found.details);
      const refusal = decideRefusal(principal, request);
      if (refusal === 'approval.not_assignee') {
        throw new AppError('approval.not_assignee', 'This approval is assigned to other members');
      }
      if (refusal) throw new AppError('permission.denied', `Deciding needs the ${request.approverRole} role`);
      if (!isOpen(found)) throw alreadyDecided(found);
      const problems = decisionProblems(request, input);
      if (problems.length) throw AppError.validation(problems);
      const actor = actorOf(principal);
      const { output } = decidedResolution(input.decision, input.comment, actor, new Date());
      const outcome = await resumeWaitpoint(m, {
        tenantId,
        waitpointId: id,
        result: output,
        resolvedBy: resolvedByOf(principal),
      });
      if (outcome.kind === 'not_found') throw AppError.notFound('Approval');
      if (outcome.kind === 'already') throw alreadyDecided({ ...found, status: 'decided' });
      await this.audit.record(m, {
        tenantId,
        actor,
        action: 'approval.decided',
        target: { type: 'approval', id },
        after: {
          runId: found.runId,
          flowId: found.flowId,
          stepId: found.stepId,
          decision: output.decision,
          comment: output.comment,
        },
        meta,
      });
      return (await findApproval(m, tenantId, id)) ?? found;
    });
    // After the commit: the run's job (delayed until the timeout, or gone) is made runnable.
    await this.queue
      .resume(tenantId, decided.runId)
      .catch((err: Error) =>
        this.logger.warn({ runId: decided.runId, err: err.message }, 'run not woken; the sweeper will'),
      );
    return toApprovalView(decided, principal);
  }
}

function alreadyDecided(r: ApprovalRecord): AppError {
  const how =
    r.status === 'cancelled'
      ? 'its run was cancelled'
      : r.status === 'pending' || r.status === 'timed_out'
        ? 'it timed out'
        : 'it was decided already';
  return new AppError('approval.already_decided', `The approval cannot be decided: ${how}`, {
    detail: { approvalStatus: r.status === 'pending' ? 'timed_out' : r.status },
  });
}
