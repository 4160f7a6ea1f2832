import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { formatDuration } from '../shared/run-status';
import { nestIterations } from './run-iterations';
import { timeAxis, type TimelineAttempt, type TimelineStep } from './run-timeline';

/**
 * The run's steps in the order they started, each with its attempts (a retried step shows every
 * attempt), a status and a bar on the run's time axis. Choosing an attempt opens its details.
 */
@Component({
  selector: 'sl-run-timeline',
  imports: [StatusBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (steps().length === 0) {
      <p class="muted" data-testid="timeline-empty">{{ emptyText() }}</p>
    } @else {
      <ol class="timeline" data-testid="run-timeline" aria-label="Steps">
        @for (step of rows(); track step.key) {
          @if (step.iterationLabel) {
            <li
              class="timeline__iteration muted"
              data-testid="timeline-iteration"
              [style.padding-left.rem]="step.depth - 1"
            >
              {{ step.iterationLabel }}
            </li>
          }
          <li
            class="timeline__step"
            data-testid="timeline-step"
            [attr.data-step-id]="step.stepId"
            [attr.data-path]="step.path"
            [attr.data-status]="step.latest.status"
            [style.padding-left.rem]="step.depth"
          >
            @for (attempt of step.attempts; track attempt.key) {
              <button
                type="button"
                class="timeline__attempt"
                data-testid="timeline-attempt"
                [attr.data-attempt]="attempt.attempt"
                [attr.aria-pressed]="attempt.key === selectedKey()"
                (click)="selected.emit(attempt.key === selectedKey() ? null : attempt.key)"
              >
                <span class="timeline__name">
                  <span class="mono" data-testid="timeline-step-id">{{ step.stepId }}</span>
                  @if (step.path) {
                    <span class="muted mono">[{{ step.path }}]</span>
                  }
                  @if (step.attempts.length > 1) {
                    <span class="muted">attempt {{ attempt.attempt }}</span>
                  }
                  @if (attempt.port) {
                    <span class="timeline__port" title="Port taken">→ {{ attempt.port }}</span>
                  }
                </span>
                <sl-status-badge kind="step" [status]="attempt.status" data-testid="timeline-status" />
                <span class="timeline__track" aria-hidden="true">
                  @if (barOf(attempt); as bar) {
                    <span
                      class="timeline__bar"
                      [attr.data-status]="attempt.status"
                      [style.left.%]="bar.offset"
                      [style.width.%]="bar.width"
                    ></span>
                  }
                </span>
                <span class="timeline__duration mono" data-testid="timeline-duration">{{
                  attempt.status === 'running' ? 'running…' : formatDuration(attempt.durationMs)
                }}</span>
              </button>
            }
          </li>
        }
      </ol>
    }
  `,
  styles: `
    .timeline {
      display: flex;
      flex-direction: column;
      gap: 2px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .timeline__step {
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .timeline__attempt {
      display: grid;
      grid-template-columns: minmax(0, 1.2fr) 104px minmax(0, 2fr) 64px;
      align-items: center;
      gap: var(--sl-space-3);
      width: 100%;
      padding: var(--sl-space-2) var(--sl-space-3);
      border: 1px solid transparent;
      border-radius: var(--sl-radius-md);
      background: none;
      color: inherit;
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .timeline__attempt:hover {
      background: var(--sl-color-hover);
    }
    .timeline__attempt[aria-pressed='true'] {
      border-color: var(--sl-color-accent);
      background: var(--sl-color-accent-soft);
    }
    .timeline__name {
      display: flex;
      min-width: 0;
      flex-wrap: wrap;
      gap: var(--sl-space-2);
      overflow: hidden;
    }
    .timeline__port {
      color: var(--sl-color-text-muted);
      font-size: 0.75rem;
    }
    .timeline__track {
      position: relative;
      height: 8px;
      border-radius: 4px;
      background: var(--sl-color-hover);
    }
    .timeline__bar {
      position: absolute;
      top: 0;
      bottom: 0;
      border-radius: 4px;
      background: var(--sl-color-neutral);
    }
    .timeline__bar[data-status='succeeded'] {
      background: var(--sl-color-success);
    }
    .timeline__bar[data-status='failed'] {
      background: var(--sl-color-danger);
    }
    .timeline__bar[data-status='running'] {
      background: var(--sl-color-accent);
    }
    .timeline__duration {
      text-align: right;
    }
    .timeline__iteration {
      margin-top: var(--sl-space-2);
      font-size: 0.75rem;
    }
  `,
})
export class RunTimelineComponent {
  readonly steps = input.required<readonly TimelineStep[]>();
  readonly run = input.required<{ startedAt: string | null; finishedAt: string | null; status: string }>();
  readonly now = input.required<number>();
  readonly selectedKey = input<string | null>(null);
  readonly selected = output<string | null>();

  protected readonly formatDuration = formatDuration;
  /** forEach body step runs grouped by iteration under their loop step. */
  protected readonly rows = computed(() => nestIterations(this.steps()));
  protected readonly bar = computed(() => timeAxis(this.run(), this.steps(), this.now()));
  protected readonly emptyText = computed(() => {
    const status = this.run().status;
    if (status === 'queued') return 'The run is queued: its steps appear here as they start.';
    if (status === 'running') return 'Waiting for the first step…';
    return 'No step ran.';
  });

  /** Exposed for the template: `bar()` is the axis function. */
  protected barOf(attempt: TimelineAttempt) {
    return this.bar()(attempt);
  }
}
