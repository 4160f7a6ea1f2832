import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  untracked,
} from '@angular/core';
import {
  KIND_LABELS,
  TRIGGER_KINDS,
  configFromForm,
  type EventForm,
  type FormProblem,
  type ScheduleForm,
  type StoredTrigger,
  type TriggerForm,
  type TriggerKind,
  type WebhookForm,
} from '../shared/trigger-form';
import { EventFieldsComponent } from './event-fields.component';
import { ScheduleFieldsComponent } from './schedule-fields.component';
import { SchedulePreviewController } from './schedule-preview.controller';
import { WebhookFieldsComponent } from './webhook-fields.component';

/**
 * Creates or edits one trigger. Holds the form as a signal; checks what it can before emitting
 * `save` (the API checks again: its problems come back as `problems`, shown next to their fields
 * until the field is changed, and `error`, the general message).
 */
@Component({
  selector: 'sl-trigger-editor',
  imports: [WebhookFieldsComponent, ScheduleFieldsComponent, EventFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="trigger-editor"
      novalidate
      [attr.aria-label]="creating() ? 'New trigger' : 'Edit trigger'"
      data-testid="trigger-editor"
      (submit)="$event.preventDefault(); submit()"
    >
      <h3 class="trigger-editor__title">
        {{
          creating()
            ? 'New ' + kindLabels[form().kind].toLowerCase() + ' trigger'
            : 'Edit ' + kindLabels[form().kind].toLowerCase() + ' trigger'
        }}
      </h3>
      @if (creating()) {
        <div class="field">
          <label class="field__label" for="tf-kind">Kind</label>
          <select
            id="tf-kind"
            class="select"
            data-testid="trigger-kind"
            [value]="form().kind"
            (change)="setKind($any($event.target).value)"
          >
            @for (kind of kinds; track kind) {
              <option [value]="kind" [selected]="kind === form().kind">{{ kindLabels[kind] }}</option>
            }
          </select>
        </div>
      }
      <div class="field">
        <label class="field__label" for="tf-version">Runs</label>
        <select
          id="tf-version"
          class="select"
          data-testid="trigger-version"
          [value]="form().version === null ? '' : form().version"
          [attr.aria-invalid]="!!problem('version')"
          (change)="patch({ version: $any($event.target).value === '' ? null : +$any($event.target).value })"
        >
          <option value="" [selected]="form().version === null">The published version</option>
          @for (v of versions(); track v) {
            <option [value]="v" [selected]="form().version === v">Pinned to v{{ v }}</option>
          }
        </select>
        @if (problem('version'); as message) {
          <p class="field__error" data-testid="trigger-version-error">{{ message }}</p>
        }
      </div>
      <label class="trigger-editor__check">
        <input
          type="checkbox"
          data-testid="trigger-enabled"
          [checked]="form().enabled"
          (change)="patch({ enabled: $any($event.target).checked })"
        />
        Enabled
      </label>

      @switch (form().kind) {
        @case ('webhook') {
          <sl-webhook-fields
            [value]="form().webhook"
            [problems]="shownProblems()"
            [keepsSecret]="keepsSecret()"
            (changed)="patchWebhook($event)"
          />
        }
        @case ('schedule') {
          <sl-schedule-fields
            [value]="form().schedule"
            [problems]="shownProblems()"
            [preview]="previewer.preview()"
            (changed)="patchSchedule($event)"
          />
        }
        @case ('event') {
          <sl-event-fields
            [value]="form().event"
            [problems]="shownProblems()"
            (changed)="patchEvent($event)"
          />
        }
      }

      @if (error(); as message) {
        <p class="alert" role="alert" data-testid="trigger-save-error">{{ message }}</p>
      }
      <div class="trigger-editor__actions">
        <button type="button" class="button button--small" (click)="cancelled.emit()">Cancel</button>
        <button
          type="submit"
          class="button button--small button--primary"
          [disabled]="saving()"
          data-testid="trigger-save"
        >
          {{ saving() ? 'Saving…' : creating() ? 'Create trigger' : 'Save' }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .trigger-editor {
      display: grid;
      gap: var(--sl-space-3);
      margin: var(--sl-space-3);
      padding: var(--sl-space-3);
      border: 1px solid var(--sl-color-border);
      border-radius: var(--sl-radius-lg);
    }
    .trigger-editor .select,
    .trigger-editor .field__input {
      width: 100%;
      min-width: 0;
      box-sizing: border-box;
    }
    .trigger-editor__title {
      margin: 0;
      font-size: 0.9375rem;
      font-weight: 600;
    }
    .trigger-editor__check {
      display: inline-flex;
      align-items: center;
      gap: var(--sl-space-2);
    }
    .trigger-editor__actions {
      display: flex;
      justify-content: flex-end;
      gap: var(--sl-space-2);
    }
  `,
})
export class TriggerEditorComponent {
  readonly initial = input.required<TriggerForm>();
  /** The trigger being edited; null when creating. */
  readonly stored = input<StoredTrigger | null>(null);
  /** The flow's latest version number, for pinning (null: nothing published yet). */
  readonly latestVersion = input<number | null>(null);
  readonly saving = input(false);
  readonly error = input<string | null>(null);
  /** The API's problems with the last save, by form field. */
  readonly problems = input<readonly FormProblem[]>([]);
  readonly saved = output<TriggerForm>();
  readonly cancelled = output();

  protected readonly previewer = inject(SchedulePreviewController);
  protected readonly kinds = TRIGGER_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  /** The form being typed; starts again from `initial` when another trigger is opened. */
  protected readonly form = linkedSignal(() => structuredClone(this.initial()));
  private readonly submitted = linkedSignal({ source: this.initial, computation: () => false });
  protected readonly creating = computed(() => this.stored() === null);
  protected readonly versions = computed(() => {
    const latest = this.latestVersion() ?? 0;
    const pinned = this.form().version;
    const list = Array.from({ length: latest }, (_, i) => latest - i);
    return pinned !== null && !list.includes(pinned) ? [pinned, ...list] : list;
  });
  private readonly check = computed(() => configFromForm(this.form(), this.stored()));
  /** Fields changed since the API's problems came: their problem may no longer hold. */
  private readonly changedSinceRefusal = linkedSignal<readonly FormProblem[], ReadonlySet<string>>({
    source: this.problems,
    computation: () => new Set(),
  });
  /** The form's own problems once submitted, then the API's on fields not changed since. */
  protected readonly shownProblems = computed(() => [
    ...(this.submitted() ? this.check().problems : []),
    ...this.problems().filter((p) => !this.changedSinceRefusal().has(p.field)),
  ]);
  protected readonly keepsSecret = computed(() => {
    const stored = this.stored();
    const w = this.form().webhook;
    if (!stored?.hasSecret || w.authType === 'none') return false;
    const auth = (stored.config as { auth?: { type?: string; style?: string } } | null)?.auth ?? {};
    return auth.type === w.authType && (w.authType !== 'hmac' || (auth.style ?? 'standard') === w.hmacStyle);
  });

  constructor() {
    // The preview follows the schedule as it is typed (debounced by the controller).
    effect(() => {
      const form = this.form();
      untracked(() => {
        if (form.kind === 'schedule') this.previewer.request(form.schedule);
        else this.previewer.clear();
      });
    });
  }

  protected setKind(kind: TriggerKind): void {
    this.submitted.set(false);
    this.patch({ kind });
  }

  protected patch(change: Partial<TriggerForm>): void {
    this.changed(change);
    this.form.update((form) => ({ ...form, ...change }));
  }

  protected patchWebhook(change: Partial<WebhookForm>): void {
    this.changed(change);
    this.form.update((form) => ({ ...form, webhook: { ...form.webhook, ...change } }));
  }

  protected patchSchedule(change: Partial<ScheduleForm>): void {
    this.changed(change);
    this.form.update((form) => ({ ...form, schedule: { ...form.schedule, ...change } }));
  }

  protected patchEvent(change: Partial<EventForm>): void {
    this.changed(change);
    this.form.update((form) => ({ ...form, event: { ...form.event, ...change } }));
  }

  protected problem(field: string): string | null {
    return this.shownProblems().find((p) => p.field === field)?.message ?? null;
  }

  /** The form's field names are the keys of its parts, so a change names the fields it touched. */
  private changed(change: object): void {
    this.changedSinceRefusal.update((fields) => new Set([...fields, ...Object.keys(change)]));
  }

  protected submit(): void {
    this.submitted.set(true);
    if (this.check().problems.length || this.saving()) return;
    this.saved.emit(this.form());
  }
}
