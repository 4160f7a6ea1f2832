import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';

/**
 * A destructive action that asks first, inline: the button turns into "Remove x? Yes / Cancel".
 * No `window.confirm`, so it stays testable and styleable.
 */
@Component({
  selector: 'sl-confirm-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'confirm' },
  template: `
    @if (asking()) {
      <span class="confirm__question" role="status">{{ question() }}</span>
      <button
        type="button"
        class="button button--small button--danger"
        data-testid="confirm-yes"
        (click)="confirm()"
      >
        {{ label() }}
      </button>
      <button
        type="button"
        class="button button--small"
        data-testid="confirm-cancel"
        (click)="asking.set(false)"
      >
        Cancel
      </button>
    } @else {
      <button
        type="button"
        class="button button--small"
        [attr.aria-label]="ariaLabel() || null"
        [disabled]="disabled()"
        (click)="asking.set(true)"
      >
        {{ label() }}
      </button>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: var(--sl-space-2);
    }
    .confirm__question {
      color: var(--sl-color-text-muted);
      font-size: 0.8125rem;
    }
  `,
})
export class ConfirmButtonComponent {
  readonly label = input.required<string>();
  readonly question = input.required<string>();
  readonly ariaLabel = input('');
  readonly disabled = input(false);
  readonly confirmed = output();

  protected readonly asking = signal(false);

  protected confirm(): void {
    this.asking.set(false);
    this.confirmed.emit();
  }
}
