import type { Client } from 'openapi-fetch';
import type { components, paths } from './generated/openapi.js';

/** A trigger as the API shows it: never its token (only the prefix) nor its auth secret. */
export type Trigger = components['schemas']['TriggerDto'];
/** Create and rotate answer once with the token and the webhook path built on it. */
export type TriggerWithToken = components['schemas']['TriggerWithTokenDto'];

/** Webhook settings; every field is optional (defaults: POST, no auth, async, 1 MiB). */
export interface WebhookTriggerConfig {
  methods?: Array<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>;
  auth?:
    | { type: 'none' }
    | { type: 'header'; header: string; secret?: string }
    | { type: 'hmac'; style?: 'standard' | 'github'; secret?: string; replayWindowSeconds?: number };
  responseMode?: 'async' | 'sync';
  /** Sync mode: seconds (1–30) to wait for a `respond` step or the run output. */
  timeoutSeconds?: number;
  /** Request headers copied into `input.headers`. */
  headers?: string[];
  maxBodyBytes?: number;
}

export interface CreateTriggerOptions {
  kind?: 'webhook';
  enabled?: boolean;
  /** A published version to pin; null/absent = whichever version is published. */
  version?: number | null;
  config?: WebhookTriggerConfig;
}

export interface UpdateTriggerOptions {
  enabled?: boolean;
  version?: number | null;
  /** Merged over the stored config; a new auth scheme needs its secret. */
  config?: WebhookTriggerConfig;
}

/** What the triggers API needs of the client. */
export interface TriggersTransport {
  raw: Client<paths>;
  call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T>;
}

/** `stepline.triggers`: list, create, read, update, delete and rotate a flow's triggers. */
export class TriggersApi {
  constructor(private readonly t: TriggersTransport) {}

  /** Every trigger of the flow, oldest first. */
  async list(flowId: string): Promise<Trigger[]> {
    const page = await this.t.call(
      this.t.raw.GET('/v1/flows/{id}/triggers', { params: { path: { id: flowId } } }),
    );
    return page.data;
  }

  /** The answer holds the token: it is never shown again. */
  create(flowId: string, options: CreateTriggerOptions = {}): Promise<TriggerWithToken> {
    return this.t.call(
      this.t.raw.POST('/v1/flows/{id}/triggers', {
        params: { path: { id: flowId } },
        body: options as components['schemas']['CreateTriggerDto'],
      }),
    );
  }

  get(id: string): Promise<Trigger> {
    return this.t.call(this.t.raw.GET('/v1/triggers/{id}', { params: { path: { id } } }));
  }

  update(id: string, options: UpdateTriggerOptions): Promise<Trigger> {
    return this.t.call(
      this.t.raw.PATCH('/v1/triggers/{id}', {
        params: { path: { id } },
        body: options as components['schemas']['UpdateTriggerDto'],
      }),
    );
  }

  async delete(id: string): Promise<void> {
    await this.t.call(this.t.raw.DELETE('/v1/triggers/{id}', { params: { path: { id } } }));
  }

  /** A new token (in the answer only); the old one stops working at once. */
  rotate(id: string): Promise<TriggerWithToken> {
    return this.t.call(this.t.raw.POST('/v1/triggers/{id}/rotate', { params: { path: { id } } }));
  }
}
