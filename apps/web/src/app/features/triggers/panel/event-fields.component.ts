import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { EventForm, FormProblem } from '../shared/trigger-form';

/** The event part of the trigger form: the event name and an optional JSONata filter. */
@Component({
  selector: 'sl-event-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="field">
      <label class="field__label" for="tf-event">Event name</label>
      <input
        id="tf-event"
        class="field__input mono"
        data-testid="event-name"
        placeholder="message.received"
        [value]="value().event"
        [attr.aria-invalid]="!!problem('event')"
        (input)="changed.emit({ event: $any($event.target).value })"
      />
      <span class="tf__hint"
        >Starts the flow for every <span class="mono">POST /v1/events</span> of this name.</span
      >
      @if (problem('event'); as message) {
        <p class="field__error">{{ message }}</p>
      }
    </div>
    <div class="field">
      <label class="field__label" for="tf-filter">Filter (optional)</label>
      <textarea
        id="tf-filter"
        class="field__input mono"
        rows="3"
        data-testid="event-filter"
        placeholder="$lowercase(payload.text) in ['help','start']"
        [value]="value().filter"
        [attr.aria-invalid]="!!problem('filter')"
        (input)="changed.emit({ filter: $any($event.target).value })"
      ></textarea>
      <span class="tf__hint">A JSONata expression over the event; the flow starts when it is true.</span>
      @if (problem('filter'); as message) {
        <p class="field__error" data-testid="event-filter-error">{{ message }}</p>
      }
    </div>
  `,
  styleUrl: './trigger-fields.scss',
})
export class EventFieldsComponent {
  readonly value = input.required<EventForm>();
  readonly problems = input<readonly FormProblem[]>([]);
  readonly changed = output<Partial<EventForm>>();

  protected problem(field: string): string | null {
    return this.problems().find((p) => p.field === field)?.message ?? null;
  }
}
