import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { LIMITS, timeZones, type FormProblem, type ScheduleForm } from '../shared/trigger-form';

/** The next fire times as the API computed them for the form's current values. */
export interface SchedulePreview {
  status: 'idle' | 'loading' | 'ready' | 'error';
  times: readonly string[];
  error: string | null;
}

/** "Mon, 1 Dec 2026, 09:00" in the schedule's own zone. */
export const fireTimeText = (iso: string, timeZone: string): string => {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(time);
  } catch {
    return new Date(time).toISOString();
  }
};

/** The schedule part of the trigger form: cron + time zone or an interval, with a live preview. */
@Component({
  selector: 'sl-schedule-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="field">
      <label class="field__label" for="tf-schedule-mode">Repeat</label>
      <select
        id="tf-schedule-mode"
        class="select"
        data-testid="schedule-mode"
        [value]="value().mode"
        (change)="changed.emit({ mode: $any($event.target).value })"
      >
        <option value="cron">On a cron schedule</option>
        <option value="interval">Every fixed interval</option>
      </select>
    </div>
    @if (value().mode === 'cron') {
      <div class="field">
        <label class="field__label" for="tf-cron">Cron expression</label>
        <input
          id="tf-cron"
          class="field__input mono"
          data-testid="schedule-cron"
          placeholder="0 9 * * 1-5"
          [value]="value().cron"
          [attr.aria-invalid]="!!problem('cron')"
          (input)="changed.emit({ cron: $any($event.target).value })"
        />
        <span class="tf__hint">minute hour day-of-month month day-of-week</span>
        @if (problem('cron'); as message) {
          <p class="field__error">{{ message }}</p>
        }
      </div>
      <div class="field">
        <label class="field__label" for="tf-zone">Time zone</label>
        <select
          id="tf-zone"
          class="select"
          data-testid="schedule-timezone"
          [value]="value().timezone"
          [attr.aria-invalid]="!!problem('timezone')"
          (change)="changed.emit({ timezone: $any($event.target).value })"
        >
          @for (zone of zones(); track zone) {
            <option [value]="zone" [selected]="zone === value().timezone">{{ zone }}</option>
          }
        </select>
        @if (problem('timezone'); as message) {
          <p class="field__error">{{ message }}</p>
        }
      </div>
    } @else {
      <div class="field">
        <label class="field__label" for="tf-interval">Every (seconds)</label>
        <input
          id="tf-interval"
          class="field__input"
          type="number"
          [min]="limits.minIntervalSeconds"
          [max]="limits.maxIntervalSeconds"
          data-testid="schedule-interval"
          [value]="value().intervalSeconds"
          [attr.aria-invalid]="!!problem('intervalSeconds')"
          (input)="changed.emit({ intervalSeconds: $any($event.target).valueAsNumber })"
        />
        @if (problem('intervalSeconds'); as message) {
          <p class="field__error">{{ message }}</p>
        }
      </div>
    }
    <div class="field" data-testid="schedule-preview" [attr.data-status]="preview().status">
      <span class="field__label">Next five fire times</span>
      @switch (preview().status) {
        @case ('loading') {
          <span class="tf__hint" role="status">Computing…</span>
        }
        @case ('error') {
          <p class="field__error" role="alert" data-testid="schedule-preview-error">{{ preview().error }}</p>
        }
        @case ('ready') {
          <ol class="tf__times">
            @for (time of preview().times; track time) {
              <li data-testid="schedule-fire-time">
                <time [attr.datetime]="time">{{ fireTimeText(time, displayZone()) }}</time>
              </li>
            }
          </ol>
        }
      }
      <span class="tf__hint" data-testid="schedule-missed-note">
        Slots missed while Stepline was down are skipped, not run late in a burst.
      </span>
    </div>
  `,
  styleUrl: './trigger-fields.scss',
})
export class ScheduleFieldsComponent {
  readonly value = input.required<ScheduleForm>();
  readonly problems = input<readonly FormProblem[]>([]);
  readonly preview = input<SchedulePreview>({ status: 'idle', times: [], error: null });
  readonly changed = output<Partial<ScheduleForm>>();

  protected readonly limits = LIMITS;
  protected readonly fireTimeText = fireTimeText;
  /** The known zones, plus the stored one should the browser not know it. */
  protected readonly zones = computed(() => {
    const zones = timeZones();
    const current = this.value().timezone;
    return current && !zones.includes(current) ? [current, ...zones] : zones;
  });
  protected readonly displayZone = computed(() =>
    this.value().mode === 'cron' ? this.value().timezone || 'UTC' : 'UTC',
  );

  protected problem(field: string): string | null {
    return this.problems().find((p) => p.field === field)?.message ?? null;
  }
}
