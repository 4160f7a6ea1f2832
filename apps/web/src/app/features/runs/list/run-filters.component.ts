import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RUN_STATUS_OPTIONS, RUN_TRIGGER_OPTIONS, runStatusLook, triggerLabel } from '../shared/run-status';
import type { FlowOption } from './runs-list.state';
import { NO_FILTER, isFiltered, type RunsFilter } from './runs-filter';

/** The runs filters: flow, statuses, trigger, test runs and a range of days. Each change applies. */
@Component({
  selector: 'sl-run-filters',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="run-filters" role="search" aria-label="Filter runs" (submit)="$event.preventDefault()">
      <div class="form-row">
        <div class="field">
          <label class="field__label" for="runs-flow">Flow</label>
          <select id="runs-flow" class="select" data-testid="runs-filter-flow" (change)="onFlow($event)">
            <option value="" [selected]="filter().flowId === null">All flows</option>
            @for (flow of flows(); track flow.id) {
              <option [value]="flow.id" [selected]="flow.id === filter().flowId">{{ flow.name }}</option>
            }
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="runs-trigger">Trigger</label>
          <select
            id="runs-trigger"
            class="select"
            data-testid="runs-filter-trigger"
            (change)="onTrigger($event)"
          >
            <option value="" [selected]="filter().trigger === null">Any trigger</option>
            @for (trigger of triggers; track trigger) {
              <option [value]="trigger" [selected]="trigger === filter().trigger">
                {{ triggerLabel(trigger) }}
              </option>
            }
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="runs-tests">Test runs</label>
          <select id="runs-tests" class="select" data-testid="runs-filter-tests" (change)="onTests($event)">
            <option value="all" [selected]="filter().tests === 'all'">Included</option>
            <option value="exclude" [selected]="filter().tests === 'exclude'">Hidden</option>
            <option value="only" [selected]="filter().tests === 'only'">Only test runs</option>
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="runs-from">From</label>
          <input
            id="runs-from"
            class="field__input"
            type="date"
            data-testid="runs-filter-from"
            [value]="filter().from ?? ''"
            [attr.aria-invalid]="rangeError()"
            (change)="onDay('from', $event)"
          />
        </div>
        <div class="field">
          <label class="field__label" for="runs-to">To</label>
          <input
            id="runs-to"
            class="field__input"
            type="date"
            data-testid="runs-filter-to"
            [value]="filter().to ?? ''"
            [attr.aria-invalid]="rangeError()"
            (change)="onDay('to', $event)"
          />
        </div>
        @if (filtered()) {
          <button type="button" class="button" data-testid="runs-filter-clear" (click)="changed.emit(none)">
            Clear filters
          </button>
        }
      </div>
      <fieldset class="run-filters__statuses">
        <legend class="field__label">Status</legend>
        @for (status of statuses; track status) {
          <label class="run-filters__status">
            <input
              type="checkbox"
              data-testid="runs-filter-status"
              [value]="status"
              [checked]="filter().statuses.includes(status)"
              (change)="onStatus(status, $event)"
            />
            {{ statusLabel(status) }}
          </label>
        }
      </fieldset>
      @if (rangeError()) {
        <p class="field__error" role="alert">“To” is before “From”: no run can match.</p>
      }
    </form>
  `,
  styles: `
    .run-filters {
      margin-bottom: var(--sl-space-4);
    }
    .run-filters__statuses {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sl-space-1) var(--sl-space-4);
      margin: var(--sl-space-3) 0 0;
      padding: 0;
      border: 0;
    }
    .run-filters__statuses legend {
      float: left;
      margin-right: var(--sl-space-3);
    }
    .run-filters__status {
      display: inline-flex;
      align-items: center;
      gap: var(--sl-space-1);
    }
  `,
})
export class RunFiltersComponent {
  readonly filter = input.required<RunsFilter>();
  readonly flows = input.required<readonly FlowOption[]>();
  readonly changed = output<RunsFilter>();

  protected readonly statuses = RUN_STATUS_OPTIONS;
  protected readonly triggers = RUN_TRIGGER_OPTIONS;
  protected readonly none = NO_FILTER;
  protected readonly triggerLabel = triggerLabel;
  protected readonly filtered = computed(() => isFiltered(this.filter()));
  protected readonly rangeError = computed(() => {
    const { from, to } = this.filter();
    return from !== null && to !== null && to < from;
  });

  protected statusLabel(status: string): string {
    return runStatusLook(status).label;
  }

  protected onFlow(event: Event): void {
    this.emit({ flowId: valueOf(event) || null });
  }

  protected onTrigger(event: Event): void {
    this.emit({ trigger: valueOf(event) || null });
  }

  protected onTests(event: Event): void {
    const value = valueOf(event);
    this.emit({ tests: value === 'only' || value === 'exclude' ? value : 'all' });
  }

  protected onDay(which: 'from' | 'to', event: Event): void {
    this.emit({ [which]: valueOf(event) || null });
  }

  protected onStatus(status: string, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    const others = this.filter().statuses.filter((s) => s !== status);
    // Kept in the table's order, so the same choice always reads (and requests) the same.
    const statuses = RUN_STATUS_OPTIONS.filter((s) => (s === status ? checked : others.includes(s)));
    this.emit({ statuses });
  }

  private emit(change: Partial<RunsFilter>): void {
    this.changed.emit({ ...this.filter(), ...change });
  }
}

const valueOf = (event: Event): string => (event.target as HTMLInputElement | HTMLSelectElement).value;
