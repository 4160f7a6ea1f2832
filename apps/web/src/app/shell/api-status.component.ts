import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ApiHealthService, type Readiness } from '../core/health/api-health.service';

type Shown = Readiness | { state: 'checking' };

const LABELS: Record<Shown['state'], string> = {
  checking: 'Checking API…',
  ready: 'API ready',
  unavailable: 'API unavailable',
};

/** Header badge that follows `GET /ready`; the reason of an outage is in its tooltip. */
@Component({
  selector: 'sl-api-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'api-status',
    role: 'status',
    'data-testid': 'api-status',
    '[attr.data-state]': 'readiness().state',
    '[attr.title]': 'reason()',
  },
  template: `<span class="api-status__dot" aria-hidden="true"></span
    ><span class="api-status__label">{{ label() }}</span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: var(--sl-space-2);
      padding: 4px 10px;
      border: 1px solid var(--sl-color-border);
      border-radius: 999px;
      font-size: 0.8125rem;
      font-weight: 500;
      color: var(--sl-color-text-muted);
      background: var(--sl-color-bg);
      white-space: nowrap;
    }
    .api-status__dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--sl-color-neutral);
    }
    :host([data-state='ready']) .api-status__dot {
      background: var(--sl-color-success);
      box-shadow: 0 0 0 3px var(--sl-color-success-soft);
    }
    :host([data-state='unavailable']) {
      color: var(--sl-color-danger);
      border-color: var(--sl-color-danger-soft);
    }
    :host([data-state='unavailable']) .api-status__dot {
      background: var(--sl-color-danger);
      box-shadow: 0 0 0 3px var(--sl-color-danger-soft);
    }
  `,
})
export class ApiStatusComponent {
  protected readonly readiness = toSignal<Shown, Shown>(inject(ApiHealthService).watchReadiness(), {
    initialValue: { state: 'checking' },
  });
  protected readonly label = computed(() => LABELS[this.readiness().state]);
  protected readonly reason = computed(() => {
    const readiness = this.readiness();
    return readiness.state === 'unavailable' ? readiness.reason : null;
  });
}
