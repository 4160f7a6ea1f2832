import { DestroyRef, Injectable, inject } from '@angular/core';
import { map } from 'rxjs';
import { detailedMessageForHttpError } from '../../core/errors/http-error-message';
import { GraphqlClient } from '../../core/graphql/graphql.client';
import { PageLoader } from '../admin/shared/paged-list';
import {
  APPROVALS_PAGE_SIZE,
  ApprovalsDocument,
  DecideApprovalDocument,
  type Approval,
  type ApprovalDecision,
  type ApprovalFilter,
} from './approvals.graphql';
import { ApprovalsState, type InboxView } from './approvals.state';

/** How the API's refusals read to the person deciding. */
export const DECIDE_WORDING = {
  'approval.already_decided': 'Someone decided this approval already, or it timed out.',
  'approval.not_assignee': 'This approval is assigned to other members.',
  'permission.denied': 'Your role may not decide this approval.',
} as const;

const FILTERS: Record<InboxView, ApprovalFilter> = {
  mine: { status: ['pending'], assignedToMe: true },
  pending: { status: ['pending'] },
  all: {},
};

/** Decides one approval; shared by the inbox and the run detail page. */
@Injectable({ providedIn: 'root' })
export class ApprovalDecider {
  private readonly graphql = inject(GraphqlClient);

  decide(approval: Pick<Approval, 'id'>, decision: ApprovalDecision) {
    return this.graphql
      .request(DecideApprovalDocument, {
        id: approval.id,
        input: { decision: decision.decision, comment: decision.comment },
      })
      .pipe(map(({ decideApproval }) => decideApproval));
  }
}

/** Approvals inbox use cases: load a view, load more, decide with a comment. */
@Injectable()
export class ApprovalsController {
  private readonly graphql = inject(GraphqlClient);
  private readonly decider = inject(ApprovalDecider);
  private readonly state = inject(ApprovalsState);
  private readonly loader = new PageLoader(
    this.state.approvals,
    (cursor) =>
      this.graphql
        .request(ApprovalsDocument, {
          filter: FILTERS[this.state.view()],
          limit: APPROVALS_PAGE_SIZE,
          cursor,
        })
        .pipe(map(({ approvals }) => approvals)),
    inject(DestroyRef),
  );
  private tenantId: string | null | undefined;

  openTenant(tenantId: string | null): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.state.reset();
    this.loader.reload();
  }

  show(view: InboxView): void {
    if (view === this.state.view()) return;
    this.state.reset(view);
    this.loader.reload();
  }

  reload(): void {
    this.loader.reload();
  }

  loadMore(): void {
    this.loader.loadMore();
  }

  /** Resolves true once decided; the card then shows the decision (or leaves a pending-only view). */
  decide(approval: Approval, decision: ApprovalDecision): Promise<boolean> {
    if (this.state.deciding.has(approval.id)) return Promise.resolve(false);
    this.state.setError(approval.id, null);
    this.state.setNotice(null);
    return new Promise((resolve) => {
      this.state.deciding.track(approval.id, this.decider.decide(approval, decision)).subscribe({
        next: (decided) => {
          if (this.state.view() === 'all') this.state.approvals.replace(decided);
          else this.state.approvals.remove(decided.id);
          this.state.setNotice(`“${decided.title}”: ${decided.decision ?? 'decided'}.`);
          resolve(true);
        },
        error: (error: unknown) => {
          this.state.setError(approval.id, detailedMessageForHttpError(error, DECIDE_WORDING));
          resolve(false);
        },
      });
    });
  }
}
