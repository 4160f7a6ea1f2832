import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, catchError, map, of, switchMap } from 'rxjs';
import { detailedMessageForHttpError, messageForHttpError } from '../../core/errors/http-error-message';
import { GraphqlClient } from '../../core/graphql/graphql.client';
import { BusyIds } from '../../shared/busy-ids';
import { ApprovalCardComponent } from './approval-card.component';
import { ApprovalDecider, DECIDE_WORDING } from './approvals.controller';
import { ApprovalsDocument, type Approval, type ApprovalDecision } from './approvals.graphql';

/**
 * The pending approvals of one run, on its detail page: approve / reject (or the step's options)
 * with a comment, for whoever may. Re-reads whenever the run's status changes, so an approval
 * appears when the run starts waiting and goes once it was decided.
 */
@Component({
  selector: 'sl-run-approvals',
  imports: [ApprovalCardComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (approvals().length > 0) {
      <section data-testid="run-approvals" aria-label="Approvals this run waits for">
        @for (approval of approvals(); track approval.id) {
          <sl-approval-card
            [approval]="approval"
            [showRunLink]="false"
            [pending]="deciding.has(approval.id)"
            [error]="errorFor() === approval.id ? error() : null"
            (decide)="onDecide(approval, $event)"
          />
        }
      </section>
    } @else if (loadError(); as message) {
      <p class="alert" role="alert">{{ message }}</p>
    }
  `,
})
export class RunApprovalsComponent {
  readonly runId = input.required<string>();
  /** The run's status: a change re-reads its approvals. */
  readonly status = input<string | null>(null);

  private readonly graphql = inject(GraphqlClient);
  private readonly decider = inject(ApprovalDecider);
  private readonly loads = new Subject<string>();
  protected readonly approvals = signal<readonly Approval[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly deciding = new BusyIds();
  protected readonly error = signal<string | null>(null);
  protected readonly errorFor = signal<string | null>(null);

  constructor() {
    this.loads
      .pipe(
        switchMap((runId) =>
          this.graphql.request(ApprovalsDocument, { filter: { runId, status: ['pending'] }, limit: 10 }).pipe(
            map(({ approvals }) => ({ data: approvals.data, error: null as string | null })),
            catchError((e: unknown) => of({ data: [] as Approval[], error: messageForHttpError(e) })),
          ),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe(({ data, error }) => {
        this.approvals.set(data);
        this.loadError.set(error);
      });
    effect(() => {
      const runId = this.runId();
      this.status();
      untracked(() => this.loads.next(runId));
    });
  }

  protected onDecide(approval: Approval, decision: ApprovalDecision): void {
    // One decision at a time on a run's page.
    if (this.deciding.any()) return;
    this.error.set(null);
    this.deciding.track(approval.id, this.decider.decide(approval, decision)).subscribe({
      next: (decided) => {
        // Shown settled until the run's next status change re-reads the list.
        this.approvals.update((list) => list.map((a) => (a.id === decided.id ? decided : a)));
      },
      error: (e: unknown) => {
        this.errorFor.set(approval.id);
        this.error.set(detailedMessageForHttpError(e, DECIDE_WORDING));
      },
    });
  }
}
