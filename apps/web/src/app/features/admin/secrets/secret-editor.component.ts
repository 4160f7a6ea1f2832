import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
  type OnInit,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { SECRET_LIMITS } from '@stepline/domain';
import { utf8Bytes } from './secret-form.component';
import type { Secret, SecretChange } from './secrets.graphql';

/** Inline editor of one row: a new value (the old one is never shown) or the description. */
@Component({
  selector: 'sl-secret-editor',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="secret-editor"
      [formGroup]="form"
      (ngSubmit)="submit()"
      novalidate
      [attr.aria-label]="heading()"
    >
      @if (mode() === 'value') {
        <label class="field__label" [attr.for]="'secret-new-value-' + secret().id"
          >New value of {{ secret().name }}</label
        >
        <textarea
          [id]="'secret-new-value-' + secret().id"
          class="field__input mono"
          rows="3"
          autocomplete="off"
          spellcheck="false"
          data-testid="secret-new-value"
          formControlName="value"
        ></textarea>
        <span class="field__hint">Runs use the new value within seconds; the old one is gone.</span>
      } @else {
        <label class="field__label" [attr.for]="'secret-new-description-' + secret().id"
          >Description of {{ secret().name }}</label
        >
        <input
          [id]="'secret-new-description-' + secret().id"
          class="field__input"
          [attr.maxlength]="limits.description"
          data-testid="secret-new-description"
          formControlName="description"
        />
      }
      @if (problem(); as message) {
        <p class="field__error" data-testid="secret-editor-problem">{{ message }}</p>
      }
      @if (error(); as message) {
        <p class="alert" role="alert" data-testid="secret-editor-error">{{ message }}</p>
      }
      <div class="secret-editor__actions">
        <button
          class="button button--small button--primary"
          type="submit"
          [disabled]="pending()"
          data-testid="secret-editor-save"
        >
          {{ pending() ? 'Saving…' : mode() === 'value' ? 'Replace value' : 'Save' }}
        </button>
        <button class="button button--small" type="button" (click)="cancel.emit()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    .secret-editor {
      display: grid;
      gap: var(--sl-space-2);
      padding: var(--sl-space-3) 0;
    }
    .secret-editor textarea {
      resize: vertical;
    }
    .secret-editor__actions {
      display: flex;
      gap: var(--sl-space-2);
    }
  `,
})
export class SecretEditorComponent implements OnInit {
  readonly secret = input.required<Secret>();
  readonly mode = input.required<'value' | 'description'>();
  readonly pending = input(false);
  readonly error = input<string | null>(null);
  readonly save = output<SecretChange>();
  readonly cancel = output();

  protected readonly limits = SECRET_LIMITS;
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({ value: '', description: '' });
  protected readonly problem = signal<string | null>(null);
  protected readonly heading = computed(() =>
    this.mode() === 'value'
      ? `Replace the value of ${this.secret().name}`
      : `Edit the description of ${this.secret().name}`,
  );

  ngOnInit(): void {
    this.form.controls.description.setValue(this.secret().description ?? '');
  }

  protected submit(): void {
    if (this.pending()) return;
    if (this.mode() === 'description') {
      const text = this.form.controls.description.value.trim();
      this.save.emit({ description: text === '' ? null : text });
      return;
    }
    const value = this.form.controls.value.value;
    if (value === '' || utf8Bytes(value) > SECRET_LIMITS.valueBytes) {
      this.problem.set(`Enter a value of at most ${SECRET_LIMITS.valueBytes / 1024} KiB.`);
      return;
    }
    this.problem.set(null);
    this.save.emit({ value });
  }
}
