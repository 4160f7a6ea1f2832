import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { SECRET_LIMITS, SECRET_NAME_PATTERN } from '@stepline/domain';
import type { NewSecret } from './secrets.graphql';

/** Bytes the API accepts, counted as it counts them (UTF-8). */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** Name, value and an optional description of a new secret. The value is never shown back. */
@Component({
  selector: 'sl-secret-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Add a secret">
      <div class="form-row">
        <div class="field secret-form__name">
          <label class="field__label" for="secret-name">Name</label>
          <input
            id="secret-name"
            class="field__input mono"
            formControlName="name"
            [attr.maxlength]="limits.name"
            autocomplete="off"
            spellcheck="false"
            placeholder="CRM_API_TOKEN"
            data-testid="secret-name"
            [attr.aria-invalid]="showError('name')"
            aria-describedby="secret-name-hint"
          />
          <span id="secret-name-hint" class="field__hint"
            >Used in flows as <code>{{ reference }}</code>; cannot be changed later.</span
          >
        </div>
        <div class="field secret-form__description">
          <label class="field__label" for="secret-description">Description (optional)</label>
          <input
            id="secret-description"
            class="field__input"
            formControlName="description"
            [attr.maxlength]="limits.description"
            data-testid="secret-description"
          />
        </div>
      </div>
      <div class="field">
        <label class="field__label" for="secret-value">Value</label>
        <textarea
          id="secret-value"
          class="field__input mono secret-form__value"
          formControlName="value"
          rows="3"
          autocomplete="off"
          spellcheck="false"
          data-testid="secret-value"
          [attr.aria-invalid]="showError('value')"
          aria-describedby="secret-value-hint"
        ></textarea>
        <span id="secret-value-hint" class="field__hint"
          >Stored encrypted. It is never shown again — only replaced.</span
        >
      </div>
      @if (showError('name')) {
        <p class="field__error" data-testid="secret-name-error">
          Use capital letters, digits and _, starting with a letter (e.g. CRM_API_TOKEN).
        </p>
      }
      @if (showError('value')) {
        <p class="field__error" data-testid="secret-value-error">
          Enter a value of at most {{ limits.valueBytes / 1024 }} KiB.
        </p>
      }
      <button class="button button--primary" type="submit" [disabled]="pending()" data-testid="secret-submit">
        {{ pending() ? 'Saving…' : 'Add secret' }}
      </button>
    </form>
  `,
  styles: `
    .secret-form__name {
      flex: 1 1 240px;
      max-width: 360px;
    }
    .secret-form__description {
      flex: 2 1 260px;
    }
    .secret-form__value {
      width: 100%;
      resize: vertical;
    }
  `,
})
export class SecretFormComponent {
  readonly pending = input(false);
  readonly create = output<NewSecret>();

  protected readonly limits = SECRET_LIMITS;
  /** How flows refer to a secret (a literal: `{{` would start an interpolation in the template). */
  protected readonly reference = '{{ secrets.NAME }}';
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.pattern(new RegExp(SECRET_NAME_PATTERN))]],
    value: [
      '',
      [
        Validators.required,
        (c: { value: string }) => (utf8Bytes(c.value) > SECRET_LIMITS.valueBytes ? { tooLong: true } : null),
      ],
    ],
    description: [''],
  });
  private readonly submitted = signal(false);

  protected submit(): void {
    this.submitted.set(true);
    if (this.form.invalid || this.pending()) return;
    const { name, value, description } = this.form.getRawValue();
    this.create.emit({ name, value, ...(description.trim() ? { description: description.trim() } : {}) });
  }

  /** Clears every field, the value first of all. */
  reset(): void {
    this.submitted.set(false);
    this.form.reset();
  }

  protected showError(field: 'name' | 'value'): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }
}
