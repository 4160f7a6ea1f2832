import { ChangeDetectionStrategy, Component, computed, inject, type OnInit } from '@angular/core';
import { QUOTA_BOUNDS } from '@stepline/domain';
import { AuthStore } from '../../../core/auth/auth.store';
import { UsageController } from './usage.controller';
import type { Quotas } from './usage.graphql';

interface QuotaField {
  key: keyof Omit<Quotas, '__typename'>;
  label: string;
  min: number;
  max: number;
  unit?: string;
}

/** The quotas an admin may change, with the bounds the API holds them to. */
export const QUOTA_FIELDS: readonly QuotaField[] = [
  { key: 'maxConcurrentRuns', label: 'Concurrent runs', ...QUOTA_BOUNDS.maxConcurrentRuns },
  { key: 'runStartsPerMinute', label: 'Run starts per minute', ...QUOTA_BOUNDS.runStartsPerMinute },
  { key: 'maxStepsPerRun', label: 'Steps per run', ...QUOTA_BOUNDS.maxStepsPerRun },
  { key: 'maxForEachItems', label: 'forEach items', ...QUOTA_BOUNDS.maxForEachItems },
  { key: 'maxPayloadBytes', label: 'Payload size', unit: 'bytes', ...QUOTA_BOUNDS.maxPayloadBytes },
  { key: 'maxStepOutputBytes', label: 'Step output size', unit: 'bytes', ...QUOTA_BOUNDS.maxStepOutputBytes },
];

/** Admin → Usage: runs, steps and step-seconds of the last 30 days, with the quotas beside them. */
@Component({
  selector: 'sl-usage-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [UsageController],
  template: `
    <section data-testid="usage-page">
      @if (controller.error(); as error) {
        <p class="notice notice--error" role="alert" data-testid="usage-error">{{ error }}</p>
      }
      @if (controller.usage(); as usage) {
        <div class="usage">
          <div>
            <h2 class="usage__title">Last 30 days</h2>
            <p class="usage__totals" data-testid="usage-totals">
              {{ usage.totals.runs }} runs · {{ usage.totals.steps }} steps ·
              {{ usage.totals.stepSeconds }} step-seconds
            </p>
            <p data-testid="usage-slots">
              {{ usage.slots.held }} running now · {{ usage.slots.pending }} waiting for a slot
            </p>
            <table class="usage__table" aria-label="Usage per day">
              <thead>
                <tr>
                  <th scope="col">Day (UTC)</th>
                  <th scope="col">Runs</th>
                  <th scope="col">Steps</th>
                  <th scope="col">Step-seconds</th>
                </tr>
              </thead>
              <tbody>
                @for (day of days(); track day.day) {
                  <tr data-testid="usage-day" [attr.data-day]="day.day">
                    <td>{{ day.day }}</td>
                    <td>
                      <span class="usage__bar" [style.width.%]="day.share" aria-hidden="true"></span>
                      {{ day.runs }}
                    </td>
                    <td>{{ day.steps }}</td>
                    <td>{{ day.stepSeconds }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <form class="quotas" data-testid="quotas-form" (submit)="save($event)">
            <h2 class="usage__title">Quotas</h2>
            @for (field of fields; track field.key) {
              <label class="quotas__field">
                <span>{{ field.label }}</span>
                <input
                  type="number"
                  [name]="field.key"
                  [min]="field.min"
                  [max]="field.max"
                  [value]="usage.quotas[field.key]"
                  [disabled]="!canEdit()"
                  [attr.data-testid]="'quota-' + field.key"
                />
                @if (field.unit) {
                  <small>{{ field.unit }}</small>
                }
              </label>
            }
            @if (canEdit()) {
              <button type="submit" class="button" data-testid="quotas-save" [disabled]="controller.saving()">
                Save quotas
              </button>
            }
            @if (controller.notice(); as notice) {
              <p class="notice" role="status" data-testid="quotas-notice">{{ notice }}</p>
            }
            @if (controller.saveError(); as saveError) {
              <p class="notice notice--error" role="alert" data-testid="quotas-error">{{ saveError }}</p>
            }
          </form>
        </div>
      } @else if (!controller.error()) {
        <p data-testid="usage-loading">Loading usage…</p>
      }
    </section>
  `,
  styles: `
    .usage {
      display: grid;
      grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr);
      gap: var(--sl-space-5);
    }
    .usage__title {
      margin: 0 0 var(--sl-space-2);
      font-size: 1rem;
    }
    .usage__table {
      width: 100%;
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
      td,
      th {
        padding: var(--sl-space-1) var(--sl-space-2);
        border-bottom: 1px solid var(--sl-color-border);
        text-align: left;
      }
    }
    .usage__bar {
      display: inline-block;
      height: 0.6rem;
      margin-right: var(--sl-space-1);
      background: var(--sl-color-accent);
      vertical-align: middle;
    }
    .quotas {
      display: flex;
      flex-direction: column;
      gap: var(--sl-space-2);
    }
    .quotas__field {
      display: grid;
      gap: 2px;
    }
  `,
})
export class UsagePage implements OnInit {
  protected readonly controller = inject(UsageController);
  private readonly auth = inject(AuthStore);
  protected readonly fields = QUOTA_FIELDS;
  protected readonly canEdit = computed(() => this.auth.can('update', 'Tenant'));

  /** Newest day first, each with its share of the busiest day (the bar). */
  protected readonly days = computed(() => {
    const days = this.controller.usage()?.days ?? [];
    const most = Math.max(1, ...days.map((d) => d.runs));
    return [...days].reverse().map((d) => ({ ...d, share: Math.round((d.runs / most) * 100) }));
  });

  ngOnInit(): void {
    this.controller.load();
  }

  /** Sends only the quotas that changed. */
  protected save(event: Event): void {
    event.preventDefault();
    const quotas = this.controller.usage()?.quotas;
    if (!quotas) return;
    const form = event.target as HTMLFormElement;
    const change: Record<string, number> = {};
    for (const field of this.fields) {
      const input = form.elements.namedItem(field.key) as HTMLInputElement | null;
      const value = Number(input?.value);
      if (input && Number.isInteger(value) && value !== quotas[field.key]) change[field.key] = value;
    }
    if (Object.keys(change).length > 0) this.controller.saveQuotas(change);
  }
}
