import { DestroyRef, Injectable, inject } from '@angular/core';
import { map, type Observable } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { PageLoader } from '../shared/paged-list';
import {
  CreateWebhookEndpointDocument,
  DELIVERIES_PAGE_SIZE,
  DeleteWebhookEndpointDocument,
  RedeliverWebhookDeliveryDocument,
  RotateWebhookEndpointSecretDocument,
  UpdateWebhookEndpointDocument,
  WEBHOOKS_PAGE_SIZE,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
  type NewWebhookEndpoint,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointChange,
} from './webhooks.graphql';
import { WebhooksState } from './webhooks.state';

const WORDING = {
  'resource.conflict': 'Not now: an attempt is in flight, or the endpoint is disabled.',
} as const;

/** Webhooks tab use cases: endpoints (create, edit, enable, rotate, delete) and the delivery log. */
@Injectable()
export class WebhooksController {
  private readonly graphql = inject(GraphqlClient);
  private readonly state = inject(WebhooksState);
  private readonly destroyRef = inject(DestroyRef);
  private readonly loader = new PageLoader(
    this.state.endpoints,
    (cursor) =>
      this.graphql
        .request(WebhookEndpointsDocument, { limit: WEBHOOKS_PAGE_SIZE, cursor })
        .pipe(map(({ webhookEndpoints }) => webhookEndpoints)),
    this.destroyRef,
  );
  private readonly deliveriesLoader = new PageLoader(
    this.state.deliveries,
    (cursor) =>
      this.graphql
        .request(WebhookDeliveriesDocument, {
          endpointId: this.state.selected()?.id ?? '',
          limit: DELIVERIES_PAGE_SIZE,
          cursor,
        })
        .pipe(map(({ webhookDeliveries }) => webhookDeliveries)),
    this.destroyRef,
  );
  private tenantId: string | null | undefined;

  openTenant(tenantId: string | null): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.state.reset();
    this.loader.reload();
  }

  reload(): void {
    this.loader.reload();
  }

  loadMore(): void {
    this.loader.loadMore();
  }

  dismissSecret(): void {
    this.state.showSecret(null);
  }

  /** Resolves true once created, so the form can clear itself. */
  create(input: NewWebhookEndpoint): Promise<boolean> {
    if (this.state.creating()) return Promise.resolve(false);
    this.state.setCreating(true);
    this.state.setNotice(null);
    return new Promise((resolve) => {
      this.graphql
        .request(CreateWebhookEndpointDocument, { input })
        .pipe(map(({ createWebhookEndpoint }) => createWebhookEndpoint))
        .subscribe({
          next: ({ endpoint, secret }) => {
            this.state.setCreating(false);
            this.state.endpoints.prepend(endpoint);
            this.state.showSecret({ endpointId: endpoint.id, url: endpoint.url, secret, rotated: false });
            resolve(true);
          },
          error: (error: unknown) => {
            this.state.setCreating(false, detailedMessageForHttpError(error));
            resolve(false);
          },
        });
    });
  }

  edit(id: string | null): void {
    if (!this.state.saving()) this.state.startEdit(id);
  }

  save(endpoint: WebhookEndpoint, change: WebhookEndpointChange): Promise<boolean> {
    if (this.state.saving()) return Promise.resolve(false);
    this.state.setSaving(true);
    this.state.setNotice(null);
    return new Promise((resolve) => {
      this.update(endpoint, change).subscribe({
        next: () => {
          this.state.setSaving(false);
          this.state.startEdit(null);
          this.state.setNotice(`Endpoint ${endpoint.url} saved.`);
          resolve(true);
        },
        error: (error: unknown) => {
          this.state.setSaving(false, detailedMessageForHttpError(error));
          resolve(false);
        },
      });
    });
  }

  setEnabled(endpoint: WebhookEndpoint, enabled: boolean): void {
    this.act(endpoint.id, this.update(endpoint, { enabled }), () =>
      this.state.setNotice(`Endpoint ${endpoint.url} ${enabled ? 'enabled' : 'disabled'}.`),
    );
  }

  rotate(endpoint: WebhookEndpoint): void {
    const rotated = this.graphql
      .request(RotateWebhookEndpointSecretDocument, { id: endpoint.id })
      .pipe(map(({ rotateWebhookEndpointSecret }) => rotateWebhookEndpointSecret));
    this.act(endpoint.id, rotated, ({ endpoint: updated, secret }) => {
      this.state.endpoints.replace(updated);
      this.state.showSecret({ endpointId: updated.id, url: updated.url, secret, rotated: true });
    });
  }

  delete(endpoint: WebhookEndpoint): void {
    this.act(endpoint.id, this.graphql.request(DeleteWebhookEndpointDocument, { id: endpoint.id }), () => {
      this.state.endpoints.remove(endpoint.id);
      if (this.state.selected()?.id === endpoint.id) this.state.select(null);
      if (this.state.editing() === endpoint.id) this.state.startEdit(null);
      this.state.setNotice(`Endpoint ${endpoint.url} deleted.`);
    });
  }

  /** Opens (or closes, when it is open) the endpoint's delivery log. */
  toggleDeliveries(endpoint: WebhookEndpoint): void {
    if (this.state.selected()?.id === endpoint.id) {
      this.state.select(null);
      return;
    }
    this.state.select(endpoint);
    this.state.deliveries.reset();
    this.deliveriesLoader.reload();
  }

  reloadDeliveries(): void {
    if (this.state.selected()) this.deliveriesLoader.reload();
  }

  loadMoreDeliveries(): void {
    this.deliveriesLoader.loadMore();
  }

  redeliver(delivery: WebhookDelivery): void {
    const redelivered = this.graphql
      .request(RedeliverWebhookDeliveryDocument, { id: delivery.id })
      .pipe(map(({ redeliverWebhookDelivery }) => redeliverWebhookDelivery));
    this.act(delivery.id, redelivered, (updated) => {
      this.state.deliveries.replace(updated);
      this.state.setNotice('Redelivery queued: it goes out within seconds.');
    });
  }

  private update(endpoint: WebhookEndpoint, input: WebhookEndpointChange): Observable<WebhookEndpoint> {
    return this.graphql.request(UpdateWebhookEndpointDocument, { id: endpoint.id, input }).pipe(
      map(({ updateWebhookEndpoint }) => {
        this.state.endpoints.replace(updateWebhookEndpoint);
        return updateWebhookEndpoint;
      }),
    );
  }

  private act<T>(id: string, work: Observable<T>, done: (value: T) => void): void {
    this.state.setActionError(null);
    this.state.setNotice(null);
    this.state.busy.track(id, work).subscribe({
      next: done,
      error: (error: unknown) => this.state.setActionError(detailedMessageForHttpError(error, WORDING)),
    });
  }
}
