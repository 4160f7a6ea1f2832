import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { API_KEY_SCOPES, type ApiKeyScope } from '@stepline/domain';
import type { NewApiKey } from './api-keys.graphql';

const SCOPE_HINTS: Record<ApiKeyScope, string> = {
  'flows:read': 'Read flows, versions and triggers',
  'flows:write': 'Create, edit and publish flows',
  'runs:read': 'Read runs',
  'runs:write': 'Start, cancel and retry runs; decide approvals',
  'events:write': 'Publish events',
  admin: 'Administer the workspace (members, keys, audit log)',
};

/** The local date one day from now, `yyyy-mm-dd`: the earliest expiry the date picker offers. */
const tomorrow = (): string => {
  const date = new Date(Date.now() + 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/** Name, scopes and an optional expiry date of a new API key. */
@Component({
  selector: 'sl-api-key-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Create an API key">
      <div class="form-row">
        <div class="field key-form__name">
          <label class="field__label" for="api-key-name">Name</label>
          <input
            id="api-key-name"
            class="field__input"
            formControlName="name"
            maxlength="120"
            autocomplete="off"
            placeholder="CI deploys"
            data-testid="api-key-name"
            [attr.aria-invalid]="showError('name')"
          />
        </div>
        <div class="field">
          <label class="field__label" for="api-key-expiry">Expires on (optional)</label>
          <input
            id="api-key-expiry"
            class="field__input"
            type="date"
            formControlName="expiresOn"
            data-testid="api-key-expiry"
            [min]="minDate"
          />
        </div>
      </div>
      <fieldset class="key-form__scopes" [attr.aria-invalid]="scopesMissing()">
        <legend class="field__label">Scopes</legend>
        @for (scope of scopes; track scope) {
          <label class="key-form__scope">
            <input
              type="checkbox"
              [formControl]="form.controls.scopes.controls[scope]"
              [attr.data-scope]="scope"
            />
            <span class="mono">{{ scope }}</span>
            <span class="muted">{{ hints[scope] }}</span>
          </label>
        }
      </fieldset>
      @if (showError('name')) {
        <p class="field__error">Give the key a name.</p>
      }
      @if (scopesMissing()) {
        <p class="field__error">Choose at least one scope.</p>
      }
      <button
        class="button button--primary"
        type="submit"
        [disabled]="pending()"
        data-testid="api-key-submit"
      >
        {{ pending() ? 'Creating…' : 'Create key' }}
      </button>
    </form>
  `,
  styles: `
    .key-form__name {
      flex: 1 1 260px;
      max-width: 360px;
    }
    .key-form__scopes {
      display: grid;
      gap: var(--sl-space-1);
      margin: var(--sl-space-4) 0;
      padding: 0;
      border: 0;
    }
    .key-form__scope {
      display: flex;
      align-items: center;
      gap: var(--sl-space-2);
    }
  `,
})
export class ApiKeyFormComponent {
  readonly pending = input(false);
  readonly create = output<NewApiKey>();

  protected readonly scopes = API_KEY_SCOPES;
  protected readonly hints = SCOPE_HINTS;
  protected readonly minDate = tomorrow();
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    expiresOn: [''],
    scopes: this.fb.group(
      Object.fromEntries(API_KEY_SCOPES.map((scope) => [scope, false])) as Record<ApiKeyScope, boolean>,
    ),
  });
  private readonly submitted = signal(false);

  protected submit(): void {
    this.submitted.set(true);
    if (this.form.invalid || this.selectedScopes().length === 0 || this.pending()) return;
    const { name, expiresOn } = this.form.getRawValue();
    // The chosen day in the user's own time zone, from its first moment.
    const expiresAt = expiresOn ? new Date(`${expiresOn}T00:00:00`).toISOString() : undefined;
    this.create.emit({
      name: name.trim(),
      scopes: this.selectedScopes(),
      ...(expiresAt ? { expiresAt } : {}),
    });
  }

  reset(): void {
    this.submitted.set(false);
    this.form.reset();
  }

  protected showError(field: 'name'): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }

  protected scopesMissing(): boolean {
    return this.submitted() && this.selectedScopes().length === 0;
  }

  private selectedScopes(): ApiKeyScope[] {
    const chosen = this.form.controls.scopes.getRawValue();
    return API_KEY_SCOPES.filter((scope) => chosen[scope]);
  }
}
