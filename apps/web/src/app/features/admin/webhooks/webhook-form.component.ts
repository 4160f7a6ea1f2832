import { ChangeDetectionStrategy, Component, OnInit, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { WEBHOOK_ALL_EVENTS, WEBHOOK_ENDPOINT_LIMITS, WEBHOOK_EVENT_TYPES } from '@stepline/domain';
import type { WebhookEndpoint } from './webhooks.graphql';

/** What the form answers: the fields of a new endpoint, or the new settings of one. */
export interface WebhookEndpointFields {
  url: string;
  description: string | null;
  eventTypes: string[];
}

const EVENT_LABELS: Record<(typeof WEBHOOK_EVENT_TYPES)[number], string> = {
  'run.succeeded': 'Run succeeded',
  'run.failed': 'Run failed',
  'run.cancelled': 'Run cancelled',
  'run.timed_out': 'Run timed out',
  'run.waiting': 'Run waiting',
  'approval.requested': 'Approval requested',
};

/** URL, description and the event types an endpoint receives (`*` or a list). */
@Component({
  selector: 'sl-webhook-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-label]="label()">
      <div class="form-row">
        <div class="field webhook-form__url">
          <label class="field__label" [attr.for]="idFor('url')">Endpoint URL</label>
          <input
            [id]="idFor('url')"
            class="field__input mono"
            formControlName="url"
            type="url"
            [attr.maxlength]="limits.url"
            placeholder="https://hooks.example.com/stepline"
            spellcheck="false"
            data-testid="webhook-url"
            [attr.aria-invalid]="showError('url')"
          />
        </div>
        <div class="field webhook-form__description">
          <label class="field__label" [attr.for]="idFor('description')">Description (optional)</label>
          <input
            [id]="idFor('description')"
            class="field__input"
            formControlName="description"
            [attr.maxlength]="limits.description"
            data-testid="webhook-description"
          />
        </div>
      </div>
      <fieldset class="webhook-form__events" data-testid="webhook-events">
        <legend class="field__label">Events</legend>
        <label class="checkbox">
          <input type="checkbox" formControlName="all" data-testid="webhook-event-all" />
          All events, including ones added later
        </label>
        @if (!form.controls.all.value) {
          @for (type of types; track type) {
            <label class="checkbox">
              <input
                type="checkbox"
                [checked]="selected().has(type)"
                (change)="toggle(type)"
                [attr.data-testid]="'webhook-event-' + type"
              />
              {{ labels[type] }} <code>{{ type }}</code>
            </label>
          }
        }
      </fieldset>
      @if (showError('url')) {
        <p class="field__error" data-testid="webhook-url-error">Enter an https:// URL.</p>
      }
      @if (submitted() && !form.controls.all.value && selected().size === 0) {
        <p class="field__error" data-testid="webhook-events-error">Choose at least one event.</p>
      }
      <div class="form-actions">
        <button
          class="button button--primary"
          type="submit"
          [disabled]="pending()"
          data-testid="webhook-submit"
        >
          {{ pending() ? 'Saving…' : submitLabel() }}
        </button>
        @if (cancellable()) {
          <button type="button" class="button" (click)="cancel.emit()" data-testid="webhook-cancel">
            Cancel
          </button>
        }
      </div>
    </form>
  `,
  styles: `
    .webhook-form__url {
      flex: 2 1 320px;
    }
    .webhook-form__description {
      flex: 1 1 220px;
    }
    .webhook-form__events {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sl-space-2) var(--sl-space-4);
      margin: var(--sl-space-3) 0;
      padding: 0;
      border: 0;
    }
    .form-actions {
      display: flex;
      gap: var(--sl-space-2);
    }
  `,
})
export class WebhookFormComponent implements OnInit {
  readonly initial = input<WebhookEndpoint | null>(null);
  readonly pending = input(false);
  readonly label = input('Add an endpoint');
  readonly submitLabel = input('Add endpoint');
  readonly cancellable = input(false);
  readonly idPrefix = input('webhook-new');
  readonly save = output<WebhookEndpointFields>();
  readonly cancel = output();

  protected readonly limits = WEBHOOK_ENDPOINT_LIMITS;
  protected readonly types = WEBHOOK_EVENT_TYPES;
  protected readonly labels = EVENT_LABELS;
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    url: ['', [Validators.required, Validators.pattern(/^https?:\/\/\S+$/i)]],
    description: [''],
    all: [true],
  });
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly submitted = signal(false);

  ngOnInit(): void {
    const e = this.initial();
    if (!e) return;
    const all = e.eventTypes.includes(WEBHOOK_ALL_EVENTS);
    this.form.setValue({ url: e.url, description: e.description ?? '', all });
    this.selected.set(new Set(all ? [] : e.eventTypes));
  }

  protected idFor(field: string): string {
    return `${this.idPrefix()}-${field}`;
  }

  protected toggle(type: string): void {
    this.selected.update((set) => {
      const next = new Set(set);
      if (next.has(type)) next.delete(type);
      else next.add(type);
      return next;
    });
  }

  protected submit(): void {
    this.submitted.set(true);
    const { url, description, all } = this.form.getRawValue();
    if (this.form.invalid || this.pending() || (!all && this.selected().size === 0)) return;
    this.save.emit({
      url: url.trim(),
      description: description.trim() || null,
      // In catalogue order, so a saved list reads the same every time.
      eventTypes: all ? [WEBHOOK_ALL_EVENTS] : this.types.filter((t) => this.selected().has(t)),
    });
  }

  reset(): void {
    this.submitted.set(false);
    this.form.reset();
    this.selected.set(new Set());
  }

  protected showError(field: 'url'): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }
}
