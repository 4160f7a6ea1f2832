import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { APPROVAL_LIMITS, normaliseComment } from '@stepline/domain';
import { fullDateTime, relativeTime } from '../../shared/relative-time';
import type { Approval, ApprovalDecision } from './approvals.graphql';

const STATUS_LABEL: Record<string, string> = {
  pending: 'Waiting',
  decided: 'Decided',
  timed_out: 'Timed out',
  cancelled: 'Cancelled',
};

/**
 * One approval: what is asked, in which flow, run and step, since and until when; the options as
 * buttons with an optional comment for whoever may decide, or how it was settled. Used by the
 * inbox and the run detail page; it only emits the decision.
 */
@Component({
  selector: 'sl-approval-card',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let a = approval();
    <article class="panel approval-card" data-testid="approval-card" [attr.data-approval-id]="a.id">
      <header class="approval-card__head">
        <h3 class="panel__title" data-testid="approval-title">{{ a.title }}</h3>
        <span class="badge" data-testid="approval-status">{{ statusLabel() }}</span>
      </header>
      @if (a.message) {
        <p class="approval-card__message" data-testid="approval-message">{{ a.message }}</p>
      }
      <p class="muted" data-testid="approval-context">
        @if (showRunLink()) {
          <a [routerLink]="['/runs', a.runId]"
            >{{ a.flowName }}{{ a.flowVersion ? ' v' + a.flowVersion : ' (test run)' }}</a
          >
        } @else {
          {{ a.flowName }}
        }
        · step {{ a.stepName ?? a.stepId }} · requested
        <time [attr.datetime]="a.requestedAt" [attr.title]="fullDateTime(a.requestedAt)">{{
          relativeTime(a.requestedAt)
        }}</time>
        @if (a.expiresAt && a.status === 'pending') {
          · expires
          <time [attr.datetime]="a.expiresAt" [attr.title]="fullDateTime(a.expiresAt)">{{
            fullDateTime(a.expiresAt)
          }}</time>
          {{ a.defaultOutcome ? '(then “' + a.defaultOutcome + '”)' : '' }}
        }
      </p>
      @if (a.assignees.length > 0) {
        <p class="muted" data-testid="approval-assignees">For {{ a.assignees.join(', ') }}</p>
      }
      @if (a.status === 'pending' && a.canDecide) {
        <label class="field">
          <span>Comment (optional)</span>
          <textarea
            class="field__input"
            rows="2"
            data-testid="approval-comment"
            [attr.maxlength]="commentMax"
            [value]="comment()"
            (input)="comment.set($any($event.target).value)"
          ></textarea>
        </label>
        <div class="form-row" role="group" aria-label="Decide">
          @for (option of a.options; track option) {
            <button
              type="button"
              class="button"
              data-testid="approval-option"
              [attr.data-option]="option"
              [disabled]="pending()"
              (click)="choose(option)"
            >
              {{ labelOf(option) }}
            </button>
          }
        </div>
      } @else if (a.status === 'pending') {
        <p class="muted" data-testid="approval-waiting">Waiting for {{ waitingFor() }}.</p>
      } @else {
        <p data-testid="approval-outcome">
          @if (a.decision) {
            <strong>{{ labelOf(a.decision) }}</strong>
          }
          @if (a.decidedBy; as by) {
            by {{ by.type === 'system' ? 'the timeout' : by.label }}
          }
          @if (a.decidedAt; as at) {
            <time [attr.datetime]="at" [attr.title]="fullDateTime(at)">{{ relativeTime(at) }}</time>
          }
          @if (a.comment) {
            — “{{ a.comment }}”
          }
        </p>
      }
      @if (error(); as message) {
        <p class="alert" role="alert" data-testid="approval-error">{{ message }}</p>
      }
    </article>
  `,
  styles: `
    .approval-card__head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .approval-card__message {
      white-space: pre-wrap;
    }
  `,
})
export class ApprovalCardComponent {
  readonly approval = input.required<Approval>();
  readonly pending = input(false);
  readonly error = input<string | null>(null);
  /** Off on the run's own page, which needs no link back to itself. */
  readonly showRunLink = input(true);
  readonly decide = output<ApprovalDecision>();

  protected readonly comment = signal('');
  protected readonly commentMax = APPROVAL_LIMITS.comment;
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;
  protected readonly statusLabel = computed(
    () => STATUS_LABEL[this.approval().status] ?? this.approval().status,
  );
  protected readonly waitingFor = computed(() => {
    const a = this.approval();
    return a.assignees.length > 0
      ? a.assignees.join(', ')
      : `a member with the ${a.approverRole} role or above`;
  });

  /** `approved` → "Approve", `rejected` → "Reject"; custom options as they are named. */
  protected labelOf(option: string): string {
    if (option === 'approved') return 'Approve';
    if (option === 'rejected') return 'Reject';
    return option;
  }

  protected choose(option: string): void {
    this.decide.emit({ decision: option, comment: normaliseComment(this.comment()) });
  }
}
