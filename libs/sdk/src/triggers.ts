import type { components } from './generated/openapi.js';
import { eachItem, type ApiTransport } from './transport.js';

/** A trigger as the API shows it: never its token (only the prefix) nor its auth secret. */
export type Trigger = components['schemas']['TriggerDto'];
/** Create and rotate answer once with a webhook's token and path (null for other kinds). */
export type TriggerWithToken = components['schemas']['TriggerWithTokenDto'];
export type TriggerKind = 'webhook' | 'schedule' | 'event';

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

/**
 * A schedule: a 5-field cron in an IANA time zone (default UTC; DST handled: a time in the
 * spring-forward gap fires at the first minute after it, a repeated time fires once), or a fixed
 * interval (≥ 60 s) whose slots are aligned to the Unix epoch. Slots missed while no worker ran
 * are skipped, not replayed. Runs get `{ scheduledFor, firedAt, triggerId }` as input.
 */
export type ScheduleTriggerConfig =
  { mode: 'cron'; cron: string; timezone?: string } | { mode: 'interval'; intervalSeconds: number };

/** An event trigger: `POST /v1/events` with this name starts the flow when the JSONata filter holds. */
export interface EventTriggerConfig {
  event: string;
  filter?: string;
}

interface TriggerOptionsBase {
  enabled?: boolean;
  /** A published version to pin; null/absent = whichever version is published. */
  version?: number | null;
}

export type CreateTriggerOptions = TriggerOptionsBase &
  (
    | { kind?: 'webhook'; config?: WebhookTriggerConfig }
    | { kind: 'schedule'; config: ScheduleTriggerConfig }
    | { kind: 'event'; config: EventTriggerConfig }
  );

export interface UpdateTriggerOptions extends TriggerOptionsBase {
  /**
   * Merged over the stored config of the trigger's kind (a webhook's new auth scheme needs its
   * secret; a schedule's new mode starts over; an event's `filter: null` removes the filter).
   */
  config?:
    | WebhookTriggerConfig
    | Partial<{ mode: 'cron' | 'interval'; cron: string; timezone: string; intervalSeconds: number }>
    | { event?: string; filter?: string | null };
}

export interface TriggerListFilter {
  flowId?: string;
  kind?: TriggerKind;
  /** Page size (1–100) of the underlying requests. */
  limit?: number;
}

/** `stepline.triggers`: list, create, read, update, delete and rotate triggers; preview schedules. */
export class TriggersApi {
  constructor(private readonly t: ApiTransport) {}

  /** One page of the tenant's triggers (optionally of one flow and/or kind), oldest first. */
  listPage(
    filter: TriggerListFilter = {},
    cursor?: string,
  ): Promise<components['schemas']['TriggerPageDto']> {
    return this.t.call(
      this.t.raw.GET('/v1/triggers', {
        params: { query: { ...filter, ...(cursor ? { cursor } : {}) } },
      }),
    );
  }

  /** Every trigger of the tenant matching the filter, page by page. */
  listAll(filter: TriggerListFilter = {}): AsyncGenerator<Trigger> {
    return eachItem((cursor) => this.listPage(filter, cursor));
  }

  /** The next five fire times (ISO 8601) of a schedule before saving it; a 422 `SteplineError` when invalid. */
  async preview(schedule: ScheduleTriggerConfig): Promise<string[]> {
    const answer = await this.t.call(
      this.t.raw.POST('/v1/triggers/schedule-preview', {
        body: schedule as components['schemas']['SchedulePreviewDto'],
      }),
    );
    return answer.nextFireTimes;
  }

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
