import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { runStatusLook, stepStatusLook } from './run-status';

/** A run's or step's status as a coloured pill with an icon; `data-status` carries the raw value. */
@Component({
  selector: 'sl-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'status-badge',
    '[attr.data-status]': 'status()',
    '[attr.data-tone]': 'look().tone',
  },
  template: `<span class="status-badge__icon" aria-hidden="true">{{ icon() }}</span
    >{{ look().label }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 1px 8px;
      border-radius: 999px;
      background: var(--sl-color-hover);
      color: var(--sl-color-text-muted);
      font-size: 0.75rem;
      font-weight: 600;
      white-space: nowrap;
    }
    :host([data-tone='success']) {
      background: var(--sl-color-success-soft);
      color: var(--sl-color-success);
    }
    :host([data-tone='danger']) {
      background: var(--sl-color-danger-soft);
      color: var(--sl-color-danger);
    }
    :host([data-tone='active']) {
      background: var(--sl-color-accent-soft);
      color: var(--sl-color-accent-strong);
    }
    :host([data-tone='warning']) {
      background: #fef3c7;
      color: var(--sl-color-warning);
    }
    :host([data-tone='active']) .status-badge__icon {
      animation: status-badge-pulse 1.2s ease-in-out infinite;
    }
    @keyframes status-badge-pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      :host([data-tone='active']) .status-badge__icon {
        animation: none;
      }
    }
  `,
})
export class StatusBadgeComponent {
  readonly status = input.required<string>();
  /** `step` statuses have their own words (skipped, …). */
  readonly kind = input<'run' | 'step'>('run');

  protected readonly look = computed(() =>
    this.kind() === 'step' ? stepStatusLook(this.status()) : runStatusLook(this.status()),
  );
  protected readonly icon = computed(() => ICONS[this.look().tone]);
}

const ICONS = { neutral: '○', active: '●', success: '✓', danger: '✕', warning: '◷' } as const;
