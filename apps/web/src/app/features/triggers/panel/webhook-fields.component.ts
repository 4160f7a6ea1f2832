import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import {
  LIMITS,
  WEBHOOK_METHODS,
  type FormProblem,
  type WebhookForm,
  type WebhookMethod,
} from '../shared/trigger-form';

/** The webhook part of the trigger form: methods, auth, response mode, headers, body limit. */
@Component({
  selector: 'sl-webhook-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="tf__group" data-testid="webhook-methods">
      <legend class="field__label">Methods</legend>
      <div class="tf__inline">
        @for (method of methods; track method) {
          <label class="tf__check">
            <input
              type="checkbox"
              [checked]="value().methods.includes(method)"
              [attr.data-method]="method"
              (change)="toggleMethod(method, $any($event.target).checked)"
            />
            <span class="mono">{{ method }}</span>
          </label>
        }
      </div>
      @if (problem('methods'); as message) {
        <p class="field__error">{{ message }}</p>
      }
    </fieldset>

    <div class="field">
      <label class="field__label" for="tf-auth">Authentication</label>
      <select
        id="tf-auth"
        class="select"
        data-testid="webhook-auth"
        [value]="value().authType"
        (change)="changed.emit({ authType: $any($event.target).value, secret: '' })"
      >
        <option value="none">None (the URL is the secret)</option>
        <option value="header">Shared secret in a header</option>
        <option value="hmac">HMAC signature</option>
      </select>
    </div>
    @if (value().authType === 'header') {
      <div class="field">
        <label class="field__label" for="tf-header">Header</label>
        <input
          id="tf-header"
          class="field__input mono"
          data-testid="webhook-auth-header"
          [value]="value().header"
          [attr.aria-invalid]="!!problem('header')"
          (input)="changed.emit({ header: $any($event.target).value })"
        />
        @if (problem('header'); as message) {
          <p class="field__error">{{ message }}</p>
        }
      </div>
    }
    @if (value().authType === 'hmac') {
      <div class="field">
        <label class="field__label" for="tf-style">Signature style</label>
        <select
          id="tf-style"
          class="select"
          data-testid="webhook-hmac-style"
          [value]="value().hmacStyle"
          (change)="changed.emit({ hmacStyle: $any($event.target).value, secret: '' })"
        >
          <option value="standard">Standard Webhooks (webhook-signature)</option>
          <option value="github">GitHub style (X-Hub-Signature-256)</option>
        </select>
      </div>
      <div class="field">
        <label class="field__label" for="tf-window">Replay window (seconds)</label>
        <input
          id="tf-window"
          class="field__input"
          type="number"
          min="1"
          [max]="limits.maxReplayWindowSeconds"
          data-testid="webhook-replay-window"
          [value]="value().replayWindowSeconds"
          [attr.aria-invalid]="!!problem('replayWindowSeconds')"
          (input)="changed.emit({ replayWindowSeconds: $any($event.target).valueAsNumber })"
        />
        <span class="tf__hint">Signed timestamps older or newer than this are refused.</span>
        @if (problem('replayWindowSeconds'); as message) {
          <p class="field__error">{{ message }}</p>
        }
      </div>
    }
    @if (value().authType !== 'none') {
      <div class="field">
        <label class="field__label" for="tf-secret">Secret</label>
        <input
          id="tf-secret"
          class="field__input mono"
          type="password"
          autocomplete="new-password"
          data-testid="webhook-secret"
          [placeholder]="secretPlaceholder()"
          [value]="value().secret"
          [attr.aria-invalid]="!!problem('secret')"
          (input)="changed.emit({ secret: $any($event.target).value })"
        />
        <span class="tf__hint"
          >{{ limits.secretMinLength }}–{{ limits.secretMaxLength }} characters. Write-only: it is never shown
          again.</span
        >
        @if (problem('secret'); as message) {
          <p class="field__error">{{ message }}</p>
        }
      </div>
    }

    <div class="field">
      <label class="field__label" for="tf-mode">Response</label>
      <select
        id="tf-mode"
        class="select"
        data-testid="webhook-response-mode"
        [value]="value().responseMode"
        (change)="changed.emit({ responseMode: $any($event.target).value })"
      >
        <option value="async">Async: 202 with the run id at once</option>
        <option value="sync">Sync: wait for a respond step or the output</option>
      </select>
    </div>
    @if (value().responseMode === 'sync') {
      <div class="field">
        <label class="field__label" for="tf-timeout">Wait at most (seconds)</label>
        <input
          id="tf-timeout"
          class="field__input"
          type="number"
          min="1"
          [max]="limits.maxSyncTimeoutSeconds"
          data-testid="webhook-timeout"
          [value]="value().timeoutSeconds"
          [attr.aria-invalid]="!!problem('timeoutSeconds')"
          (input)="changed.emit({ timeoutSeconds: $any($event.target).valueAsNumber })"
        />
        <span class="tf__hint">Then it answers 202 with the run id; the run goes on.</span>
        @if (problem('timeoutSeconds'); as message) {
          <p class="field__error">{{ message }}</p>
        }
      </div>
    }
    <div class="field">
      <label class="field__label" for="tf-headers">Headers passed to the run</label>
      <input
        id="tf-headers"
        class="field__input mono"
        placeholder="x-request-id, user-agent"
        data-testid="webhook-headers"
        [value]="value().headers"
        [attr.aria-invalid]="!!problem('headers')"
        (input)="changed.emit({ headers: $any($event.target).value })"
      />
      <span class="tf__hint"
        >Only these reach <span class="mono">input.headers</span> (up to {{ limits.maxHeaders }}).</span
      >
      @if (problem('headers'); as message) {
        <p class="field__error">{{ message }}</p>
      }
    </div>
    <div class="field">
      <label class="field__label" for="tf-max-body">Largest body (KiB)</label>
      <input
        id="tf-max-body"
        class="field__input"
        type="number"
        min="1"
        [max]="limits.maxBodyKiB"
        data-testid="webhook-max-body"
        [value]="value().maxBodyKiB"
        [attr.aria-invalid]="!!problem('maxBodyKiB')"
        (input)="changed.emit({ maxBodyKiB: $any($event.target).valueAsNumber })"
      />
      <span class="tf__hint">Larger requests get 413.</span>
      @if (problem('maxBodyKiB'); as message) {
        <p class="field__error">{{ message }}</p>
      }
    </div>
  `,
  styleUrl: './trigger-fields.scss',
})
export class WebhookFieldsComponent {
  readonly value = input.required<WebhookForm>();
  readonly problems = input<readonly FormProblem[]>([]);
  /** A secret is stored for the auth type and style shown: leaving the field empty keeps it. */
  readonly keepsSecret = input(false);
  readonly changed = output<Partial<WebhookForm>>();

  protected readonly methods = WEBHOOK_METHODS;
  protected readonly limits = LIMITS;
  protected readonly secretPlaceholder = computed(() =>
    this.keepsSecret()
      ? 'Stored — type a new one to replace it'
      : this.value().authType === 'hmac' && this.value().hmacStyle === 'standard'
        ? 'whsec_…'
        : `At least ${LIMITS.secretMinLength} characters`,
  );

  protected problem(field: string): string | null {
    return this.problems().find((p) => p.field === field)?.message ?? null;
  }

  protected toggleMethod(method: WebhookMethod, on: boolean): void {
    const chosen = new Set(this.value().methods);
    if (on) chosen.add(method);
    else chosen.delete(method);
    this.changed.emit({ methods: WEBHOOK_METHODS.filter((m) => chosen.has(m)) });
  }
}
