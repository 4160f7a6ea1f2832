import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  untracked,
  viewChild,
} from '@angular/core';
import { AuthStore } from '../../../core/auth/auth.store';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { ConfirmButtonComponent } from '../shared/confirm-button.component';
import { SecretPanelComponent } from '../shared/secret-panel.component';
import { WebhookFormComponent, type WebhookEndpointFields } from './webhook-form.component';
import type { WebhookDelivery, WebhookEndpoint } from './webhooks.graphql';
import { WebhooksController } from './webhooks.controller';
import { WebhooksState } from './webhooks.state';

/**
 * Outgoing webhooks: endpoints that receive run and approval events, signed per Standard Webhooks.
 * The signing secret is shown once (create, rotate); each endpoint's delivery log shows every
 * delivery's status and last answer, with a redeliver button.
 */
@Component({
  selector: 'sl-webhooks-page',
  imports: [WebhookFormComponent, ConfirmButtonComponent, SecretPanelComponent],
  providers: [WebhooksState, WebhooksController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './webhooks.page.html',
  styles: `
    .webhook-url {
      word-break: break-all;
    }
    .deliveries {
      margin-top: var(--sl-space-4);
    }
  `,
})
export class WebhooksPage {
  protected readonly state = inject(WebhooksState);
  protected readonly controller = inject(WebhooksController);
  private readonly store = inject(AuthStore);
  protected readonly mayCreate = computed(() => this.store.can('create', 'WebhookEndpoint'));
  protected readonly mayUpdate = computed(() => this.store.can('update', 'WebhookEndpoint'));
  protected readonly mayDelete = computed(() => this.store.can('delete', 'WebhookEndpoint'));
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;
  private readonly form = viewChild(WebhookFormComponent);

  constructor() {
    effect(() => {
      const tenantId = this.store.tenant()?.id ?? null;
      untracked(() => this.controller.openTenant(tenantId));
    });
  }

  protected async onCreate(fields: WebhookEndpointFields): Promise<void> {
    if (await this.controller.create(fields)) this.form()?.reset();
  }

  protected onSave(endpoint: WebhookEndpoint, fields: WebhookEndpointFields): void {
    void this.controller.save(endpoint, fields);
  }

  protected events(endpoint: WebhookEndpoint): string {
    return endpoint.eventTypes.includes('*') ? 'All events' : endpoint.eventTypes.join(', ');
  }

  protected isBusy(id: string): boolean {
    return this.state.busy.has(id);
  }

  protected statusOf(d: WebhookDelivery): string {
    if (d.status === 'pending') return d.attempts === 0 ? 'Pending' : `Retrying (${d.attempts} attempts)`;
    return d.status === 'delivered' ? 'Delivered' : 'Failed';
  }
}
