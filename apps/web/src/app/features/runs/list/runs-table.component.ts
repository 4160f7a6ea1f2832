import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { formatDuration, runDurationMs, triggerLabel } from '../shared/run-status';
import type { RunSummary } from '../runs.graphql';

/** The runs as a table; a row (or its flow's name, a real link) opens the run. */
@Component({
  selector: 'sl-runs-table',
  imports: [RouterLink, StatusBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="data-table runs-table" data-testid="runs-table" aria-label="Runs" [attr.aria-busy]="busy()">
      <thead>
        <tr>
          <th scope="col">Flow</th>
          <th scope="col">Status</th>
          <th scope="col">Trigger</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        @for (run of runs(); track run.id) {
          <tr
            class="runs-table__row"
            data-testid="run-row"
            [attr.data-run-id]="run.id"
            [attr.data-status]="run.status"
            (click)="opened.emit(run.id)"
          >
            <td>
              <a
                class="runs-table__flow"
                data-testid="run-flow"
                [routerLink]="['/runs', run.id]"
                (click)="$event.stopPropagation()"
                >{{ flowName(run.flowId) }}</a
              >
              <span class="muted runs-table__version">
                @if (run.isTest) {
                  <span class="runs-table__test" data-testid="run-test-marker">test run</span>
                } @else {
                  v{{ run.version }}
                }
              </span>
            </td>
            <td><sl-status-badge [status]="run.status" data-testid="run-status" /></td>
            <td data-testid="run-trigger">{{ triggerLabel(run.trigger) }}</td>
            <td>
              <time [attr.datetime]="startOf(run)" [attr.title]="fullDateTime(startOf(run))">{{
                relativeTime(startOf(run), now())
              }}</time>
            </td>
            <td class="mono" data-testid="run-duration">{{ duration(run) }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .runs-table__row {
      cursor: pointer;
    }
    .runs-table__row:hover {
      background: var(--sl-color-hover);
    }
    .runs-table__flow {
      font-weight: 550;
      text-decoration: none;
    }
    .runs-table__flow:hover {
      text-decoration: underline;
    }
    .runs-table__version {
      margin-left: var(--sl-space-2);
      font-size: 0.75rem;
    }
    .runs-table__test {
      padding: 0 6px;
      border: 1px dashed var(--sl-color-border-strong);
      border-radius: var(--sl-radius-sm);
    }
  `,
})
export class RunsTableComponent {
  readonly runs = input.required<readonly RunSummary[]>();
  readonly names = input.required<ReadonlyMap<string, string | null>>();
  /** The clock the relative times and running durations are read against. */
  readonly now = input.required<number>();
  readonly busy = input(false);
  readonly opened = output<string>();

  protected readonly triggerLabel = triggerLabel;
  protected readonly fullDateTime = fullDateTime;
  protected readonly relativeTime = relativeTime;

  protected flowName(flowId: string): string {
    const name = this.names().get(flowId);
    if (name === undefined) return '…';
    return name ?? `Flow ${flowId.slice(0, 8)}`;
  }

  protected startOf(run: RunSummary): string {
    return run.startedAt ?? run.createdAt;
  }

  protected duration(run: RunSummary): string {
    if (run.status === 'queued') return '—';
    return formatDuration(runDurationMs(run, this.now()));
  }
}
