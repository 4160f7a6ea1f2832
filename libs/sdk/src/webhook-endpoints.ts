import type { components } from './generated/openapi.js';
import { eachItem, type ApiTransport } from './transport.js';

/** An outgoing webhook endpoint as the API shows it: never its signing secret. */
export type WebhookEndpoint = components['schemas']['WebhookEndpointDto'];
/** Create and rotate answer once with the signing secret (`whsec_…`). */
export type WebhookEndpointWithSecret = components['schemas']['WebhookEndpointWithSecretDto'];
export type WebhookEndpointPage = components['schemas']['WebhookEndpointPageDto'];
export type WebhookDelivery = components['schemas']['WebhookDeliveryDto'];
/** One delivery with its payload and every attempt (status code, duration, response excerpt). */
export type WebhookDeliveryDetail = components['schemas']['WebhookDeliveryDetailDto'];
export type WebhookDeliveryPage = components['schemas']['WebhookDeliveryPageDto'];

export type WebhookEventType =
  'run.succeeded' | 'run.failed' | 'run.cancelled' | 'run.timed_out' | 'run.waiting' | 'approval.requested';

export interface CreateWebhookEndpointOptions {
  /** https (plain http only for addresses the server's outbound allow-list opens). */
  url: string;
  /** `['*']` for every event type, or a list. */
  eventTypes: Array<'*' | WebhookEventType>;
  description?: string | null;
  enabled?: boolean;
}

export type UpdateWebhookEndpointOptions = Partial<CreateWebhookEndpointOptions>;

/**
 * `stepline.webhookEndpoints`: outgoing webhook endpoints and their delivery log (admin
 * credentials only). Verify deliveries on the receiving side with the `standardwebhooks` package:
 * `new Webhook(secret).verify(body, headers)`.
 */
export class WebhookEndpointsApi {
  constructor(private readonly t: ApiTransport) {}

  /** Answers the endpoint and its signing secret, shown this once. */
  create(options: CreateWebhookEndpointOptions): Promise<WebhookEndpointWithSecret> {
    return this.t.call(this.t.raw.POST('/v1/webhook-endpoints', { body: options }));
  }

  get(id: string): Promise<WebhookEndpoint> {
    return this.t.call(this.t.raw.GET('/v1/webhook-endpoints/{id}', { params: { path: { id } } }));
  }

  /** One page of endpoints, newest first. */
  listPage(options: { limit?: number; cursor?: string } = {}): Promise<WebhookEndpointPage> {
    return this.t.call(this.t.raw.GET('/v1/webhook-endpoints', { params: { query: options } }));
  }

  /** Every endpoint of the tenant, newest first, fetching pages as the iteration goes. */
  list(options: { limit?: number } = {}): AsyncGenerator<WebhookEndpoint> {
    return eachItem((cursor) => this.listPage({ ...options, ...(cursor ? { cursor } : {}) }));
  }

  update(id: string, options: UpdateWebhookEndpointOptions): Promise<WebhookEndpoint> {
    return this.t.call(
      this.t.raw.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id } }, body: options }),
    );
  }

  /** A new signing secret, shown once; the previous one keeps signing for 24 h. */
  rotateSecret(id: string): Promise<WebhookEndpointWithSecret> {
    return this.t.call(
      this.t.raw.POST('/v1/webhook-endpoints/{id}/rotate-secret', { params: { path: { id } } }),
    );
  }

  async delete(id: string): Promise<void> {
    await this.t.call(this.t.raw.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id } } }));
  }

  /** One page of an endpoint's delivery log, newest first. */
  deliveries(id: string, options: { limit?: number; cursor?: string } = {}): Promise<WebhookDeliveryPage> {
    return this.t.call(
      this.t.raw.GET('/v1/webhook-endpoints/{id}/deliveries', { params: { path: { id }, query: options } }),
    );
  }

  delivery(deliveryId: string): Promise<WebhookDeliveryDetail> {
    return this.t.call(
      this.t.raw.GET('/v1/webhook-deliveries/{id}', { params: { path: { id: deliveryId } } }),
    );
  }

  /** One more attempt, now, under the same `webhook-id`. */
  redeliver(deliveryId: string): Promise<WebhookDelivery> {
    return this.t.call(
      this.t.raw.POST('/v1/webhook-deliveries/{id}/redeliver', { params: { path: { id: deliveryId } } }),
    );
  }
}
