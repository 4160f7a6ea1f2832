import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { fullDateTime } from '../../../shared/relative-time';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { formatDuration, prettyJson, runErrorOf } from '../shared/run-status';
import type { TimelineAttempt } from './run-timeline';

const LOG_TIME = new Intl.DateTimeFormat('en', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

/** One step attempt in full: timings, error, resolved input, output (marked when cut), logs. */
@Component({
  selector: 'sl-step-panel',
  imports: [StatusBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'panel step-panel',
    'data-testid': 'step-panel',
    role: 'region',
    '[attr.aria-label]': 'title()',
  },
  template: `
    <header class="step-panel__header">
      <h2 class="panel__title">
        <span class="mono">{{ attempt().stepId }}</span>
        @if (attempt().path) {
          <span class="muted mono">[{{ attempt().path }}]</span>
        }
        <span class="muted">· attempt {{ attempt().attempt }}</span>
      </h2>
      <sl-status-badge kind="step" [status]="attempt().status" data-testid="step-panel-status" />
      @if (canRerun() && !attempt().path) {
        <button
          type="button"
          class="button button--small"
          data-testid="step-rerun"
          [title]="'A new run from ' + attempt().stepId + ', reusing the outputs recorded before it'"
          (click)="rerun.emit(attempt().stepId)"
        >
          Re-run from here
        </button>
      }
      <button
        type="button"
        class="button button--small"
        aria-label="Close step details"
        (click)="closed.emit()"
      >
        Close
      </button>
    </header>
    <dl class="step-panel__facts">
      <div>
        <dt>Started</dt>
        <dd>{{ attempt().startedAt ? fullDateTime(attempt().startedAt!) : '—' }}</dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{{ attempt().finishedAt ? fullDateTime(attempt().finishedAt!) : '—' }}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd class="mono" data-testid="step-panel-duration">{{ formatDuration(attempt().durationMs) }}</dd>
      </div>
      @if (attempt().port) {
        <div>
          <dt>Port</dt>
          <dd class="mono">{{ attempt().port }}</dd>
        </div>
      }
    </dl>
    @if (error(); as error) {
      <div class="alert step-panel__error" role="alert" data-testid="step-panel-error">
        <span class="mono">{{ error.code }}</span>
        <span>{{ error.message }}</span>
        @if (error.detail !== undefined) {
          <pre class="step-panel__json">{{ prettyJson(error.detail) }}</pre>
        }
      </div>
    }
    @if (record(); as record) {
      <h3 class="step-panel__heading">Input</h3>
      <pre class="step-panel__json" data-testid="step-panel-input">{{ prettyJson(record.input) }}</pre>
      <h3 class="step-panel__heading">
        Output
        @if (record.outputTruncated) {
          <span class="step-panel__truncated" data-testid="step-panel-truncated"
            >truncated — too large to keep in full</span
          >
        }
      </h3>
      <pre class="step-panel__json" data-testid="step-panel-output">{{ prettyJson(record.output) }}</pre>
      <h3 class="step-panel__heading">Logs</h3>
      @if (record.logs.length === 0) {
        <p class="muted" data-testid="step-panel-no-logs">No logs.</p>
      } @else {
        <ol class="step-panel__logs" data-testid="step-panel-logs">
          @for (log of record.logs; track $index) {
            <li [attr.data-level]="log.level" data-testid="step-log">
              <time class="muted mono" [attr.datetime]="log.time">{{ clock(log.time) }}</time>
              <span class="step-panel__level mono">{{ log.level }}</span>
              <span class="step-panel__message">{{ log.message }}</span>
            </li>
          }
        </ol>
      }
    } @else {
      <p class="muted" role="status" data-testid="step-panel-pending">
        {{
          attempt().status === 'running'
            ? 'Running: its input, output and logs appear once it settles.'
            : 'Loading its input, output and logs…'
        }}
      </p>
    }
  `,
  styles: `
    .step-panel__header {
      display: flex;
      align-items: center;
      gap: var(--sl-space-3);
    }
    .step-panel__header .panel__title {
      flex: 1;
      margin: 0;
    }
    .step-panel__facts {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sl-space-2) var(--sl-space-6);
      margin: var(--sl-space-3) 0;
    }
    .step-panel__facts dt {
      color: var(--sl-color-text-muted);
      font-size: 0.75rem;
    }
    .step-panel__facts dd {
      margin: 0;
    }
    .step-panel__heading {
      display: flex;
      align-items: center;
      gap: var(--sl-space-2);
      margin: var(--sl-space-4) 0 var(--sl-space-2);
      font-size: 0.875rem;
      font-weight: 600;
    }
    .step-panel__truncated {
      padding: 0 6px;
      border-radius: var(--sl-radius-sm);
      background: #fef3c7;
      color: var(--sl-color-warning);
      font-size: 0.75rem;
      font-weight: 600;
    }
    .step-panel__json {
      max-height: 320px;
      margin: 0;
      padding: var(--sl-space-3);
      overflow: auto;
      border-radius: var(--sl-radius-md);
      background: var(--sl-color-bg);
      font-family: var(--sl-font-mono);
      font-size: 0.8125rem;
      white-space: pre-wrap;
      word-break: break-word;
    }
    .step-panel__error {
      flex-direction: column;
      align-items: flex-start;
    }
    .step-panel__logs {
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 0.8125rem;
    }
    .step-panel__logs li {
      display: flex;
      gap: var(--sl-space-3);
      padding: 2px 0;
    }
    .step-panel__logs li[data-level='error'] .step-panel__message {
      color: var(--sl-color-danger);
    }
    .step-panel__level {
      min-width: 3.5em;
      color: var(--sl-color-text-muted);
    }
    .step-panel__message {
      white-space: pre-wrap;
      word-break: break-word;
    }
  `,
})
export class StepPanelComponent {
  readonly attempt = input.required<TimelineAttempt>();
  /** The run finished and the role may retry: offer a new run from this step. */
  readonly canRerun = input(false);
  readonly closed = output();
  readonly rerun = output<string>();

  protected readonly formatDuration = formatDuration;
  protected readonly prettyJson = prettyJson;
  protected readonly fullDateTime = fullDateTime;
  protected readonly record = computed(() => this.attempt().record);
  protected readonly error = computed(() => runErrorOf(this.attempt().error));
  protected readonly title = computed(
    () => `Step ${this.attempt().stepId}, attempt ${this.attempt().attempt}`,
  );

  protected clock(iso: string): string {
    const time = Date.parse(iso);
    return Number.isNaN(time) ? iso : LOG_TIME.format(time);
  }
}
