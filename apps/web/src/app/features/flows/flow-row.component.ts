import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ConfirmButtonComponent } from '../admin/shared/confirm-button.component';
import { fullDateTime, relativeTime } from '../../shared/relative-time';
import { RunButtonComponent } from '../runs/run-button/run-button.component';
import { StatusBadgeComponent } from '../runs/shared/status-badge.component';
import { flowStatusOf } from './flow-status';
import type { FlowSummary } from './flows.graphql';

/**
 * One flow in the list: name, description, tags, status, when it last changed, and how its real runs
 * went — the last run (linking to it), success rate and run count over the API's 30-day window.
 */
@Component({
  selector: 'sl-flow-row',
  imports: [RouterLink, ConfirmButtonComponent, RunButtonComponent, StatusBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'flow-row', 'data-testid': 'flow-row', '[attr.data-flow-id]': 'flow().id' },
  template: `
    <div class="flow-row__main">
      <h2 class="flow-row__name" data-testid="flow-name">
        <a class="flow-row__link" [routerLink]="['/flows', flow().id]" data-testid="flow-open">{{
          flow().name
        }}</a>
      </h2>
      @if (flow().description; as description) {
        <p class="flow-row__description">{{ description }}</p>
      }
      @if (flow().tags.length) {
        <ul class="flow-row__tags" aria-label="Tags">
          @for (tag of flow().tags; track tag) {
            <li>
              <button
                type="button"
                class="chip"
                data-testid="flow-tag"
                [attr.aria-label]="'Show only flows tagged ' + tag"
                (click)="tagSelected.emit(tag)"
              >
                {{ tag }}
              </button>
            </li>
          }
        </ul>
      }
    </div>
    <div class="flow-row__meta">
      <span class="status" [attr.data-status]="status().kind" data-testid="flow-status">{{
        status().label
      }}</span>
      @if (status().unpublishedChanges) {
        <span class="flow-row__note">Unpublished changes</span>
      }
      <time class="flow-row__updated" [attr.datetime]="flow().updatedAt" [attr.title]="updatedExact()">
        Updated {{ updated() }}
      </time>
      <div class="flow-row__runs" data-testid="flow-runs">
        @if (flow().stats.lastRun; as run) {
          <a
            class="flow-row__last-run"
            [routerLink]="['/runs', run.id]"
            [attr.aria-label]="'Last run ' + run.status + ', ' + lastRunAt()"
            data-testid="flow-last-run"
          >
            <sl-status-badge [status]="run.status" />
            <time [attr.datetime]="run.createdAt" [attr.title]="lastRunExact()">{{ lastRunAt() }}</time>
          </a>
          <span class="flow-row__run-stats">
            <span data-testid="flow-success-rate" [attr.title]="successTitle()">{{ successRate() }}</span>
            ·
            <span data-testid="flow-run-count">{{ runCount() }}</span>
          </span>
        } @else {
          <span class="flow-row__no-runs" data-testid="flow-no-runs">No runs yet</span>
        }
      </div>
      <sl-run-button [flow]="flow()" />
      @if (canArchive() && !flow().archivedAt) {
        <sl-confirm-button
          label="Archive"
          [question]="'Archive ' + flow().name + '?'"
          [ariaLabel]="'Archive ' + flow().name"
          [disabled]="busy()"
          (confirmed)="archived.emit(flow())"
          data-testid="flow-archive"
        />
      }
    </div>
  `,
  styleUrl: './flow-row.component.scss',
})
export class FlowRowComponent {
  readonly flow = input.required<FlowSummary>();
  readonly canArchive = input(false);
  readonly busy = input(false);
  readonly tagSelected = output<string>();
  readonly archived = output<FlowSummary>();

  protected readonly status = computed(() => flowStatusOf(this.flow()));
  protected readonly updated = computed(() => relativeTime(this.flow().updatedAt));
  protected readonly updatedExact = computed(() => fullDateTime(this.flow().updatedAt));
  protected readonly lastRunAt = computed(() => {
    const run = this.flow().stats.lastRun;
    return run ? relativeTime(run.createdAt) : '';
  });
  protected readonly lastRunExact = computed(() => {
    const run = this.flow().stats.lastRun;
    return run ? fullDateTime(run.createdAt) : '';
  });
  protected readonly successRate = computed(() => {
    const rate = this.flow().stats.successRate;
    return rate === null ? 'No finished runs' : `${Math.round(rate * 100)}% succeeded`;
  });
  protected readonly successTitle = computed(() => {
    const { succeeded, finished } = this.flow().stats;
    return `${succeeded} of ${finished} finished runs succeeded in the last 30 days`;
  });
  protected readonly runCount = computed(() => {
    const count = this.flow().stats.runCount;
    return `${count} ${count === 1 ? 'run' : 'runs'} in 30 days`;
  });
}
