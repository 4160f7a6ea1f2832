import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { AuthStore } from '../../core/auth/auth.store';
import { ApprovalCardComponent } from './approval-card.component';
import type { Approval, ApprovalDecision } from './approvals.graphql';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsState, type InboxView } from './approvals.state';

const VIEWS: ReadonlyArray<{ view: InboxView; label: string }> = [
  { view: 'mine', label: 'Waiting on me' },
  { view: 'pending', label: 'All pending' },
  { view: 'all', label: 'History' },
];

/**
 * The approvals inbox (product.md §10): what waits on me — flow, run, step, requested time — and
 * deciding with a comment, the options as buttons. Viewers see approvals but no buttons.
 */
@Component({
  selector: 'sl-approvals-page',
  imports: [ApprovalCardComponent],
  providers: [ApprovalsState, ApprovalsController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './approvals.page.html',
  styles: `
    [role='tablist'] {
      margin-bottom: 1rem;
    }
    [role='tab'][aria-selected='true'] {
      background: var(--sl-color-accent-soft);
      border-color: var(--sl-color-accent);
      color: var(--sl-color-accent-strong);
    }
    sl-approval-card {
      display: block;
      margin-bottom: 1rem;
    }
  `,
})
export class ApprovalsPage {
  protected readonly state = inject(ApprovalsState);
  protected readonly controller = inject(ApprovalsController);
  private readonly store = inject(AuthStore);
  protected readonly views = VIEWS;
  protected readonly mayDecide = computed(() => this.store.can('decide', 'Approval'));

  constructor() {
    effect(() => {
      const tenantId = this.store.tenant()?.id ?? null;
      untracked(() => this.controller.openTenant(tenantId));
    });
  }

  protected onDecide(approval: Approval, decision: ApprovalDecision): void {
    void this.controller.decide(approval, decision);
  }
}
