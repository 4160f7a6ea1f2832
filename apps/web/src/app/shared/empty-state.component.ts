import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The placeholder a list shows while it has nothing in it. */
@Component({
  selector: 'sl-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'empty-state' },
  template: `
    <div class="empty-state__icon" aria-hidden="true">
      <svg viewBox="0 0 24 24"><path d="M4 7h16M4 12h10M4 17h6" /></svg>
    </div>
    <h2 class="empty-state__heading">{{ heading() }}</h2>
    <p class="empty-state__text"><ng-content /></p>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: var(--sl-space-2);
      padding: var(--sl-space-8) var(--sl-space-5);
      border: 1px dashed var(--sl-color-border-strong);
      border-radius: var(--sl-radius-lg);
      background: var(--sl-color-surface);
      text-align: center;
    }
    .empty-state__icon {
      display: grid;
      place-items: center;
      width: 44px;
      height: 44px;
      margin-bottom: var(--sl-space-2);
      border-radius: 50%;
      background: var(--sl-color-accent-soft);
      color: var(--sl-color-accent-strong);
    }
    .empty-state__icon svg {
      width: 22px;
      height: 22px;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
    }
    .empty-state__heading {
      margin: 0;
      font-size: 1rem;
      font-weight: 600;
    }
    .empty-state__text {
      max-width: 46ch;
      margin: 0;
      color: var(--sl-color-text-muted);
    }
  `,
})
export class EmptyStateComponent {
  readonly heading = input.required<string>();
}
