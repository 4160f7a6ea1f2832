import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';

/**
 * A secret the API answers once (an API key, an invitation token): shown with a copy button until
 * dismissed. It lives in this component's input only — never stored anywhere.
 */
@Component({
  selector: 'sl-secret-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'panel panel--notice', role: 'region', '[attr.aria-label]': 'heading()' },
  template: `
    <h2 class="secret__heading">{{ heading() }}</h2>
    <p class="secret__text"><ng-content /></p>
    <div class="secret__row">
      <label class="visually-hidden" [attr.for]="inputId()">{{ heading() }}</label>
      <input
        #field
        class="field__input secret__value"
        readonly
        [id]="inputId()"
        [value]="value()"
        data-testid="secret-value"
        (focus)="field.select()"
      />
      <button type="button" class="button button--small" data-testid="secret-copy" (click)="copy()">
        {{ copied() ? 'Copied' : 'Copy' }}
      </button>
      <button
        type="button"
        class="button button--small"
        data-testid="secret-dismiss"
        (click)="dismissed.emit()"
      >
        Done
      </button>
    </div>
    @if (copyFailed()) {
      <p class="secret__text" role="status">Copying is blocked here: select the text and copy it.</p>
    }
  `,
  styles: `
    .secret__heading {
      margin: 0;
      font-size: 0.9375rem;
      font-weight: 600;
    }
    .secret__text {
      margin: var(--sl-space-1) 0 0;
      color: var(--sl-color-text-muted);
    }
    .secret__row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sl-space-2);
      margin-top: var(--sl-space-3);
    }
    .secret__value {
      flex: 1 1 320px;
      font-family: var(--sl-font-mono);
    }
  `,
})
export class SecretPanelComponent {
  readonly heading = input.required<string>();
  readonly value = input.required<string>();
  readonly inputId = input('secret-value');
  readonly dismissed = output();

  protected readonly copied = signal(false);
  protected readonly copyFailed = signal(false);
  private readonly field = viewChild.required<ElementRef<HTMLInputElement>>('field');

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.value());
      this.copied.set(true);
      this.copyFailed.set(false);
    } catch {
      this.field().nativeElement.select();
      this.copyFailed.set(true);
    }
  }
}
