import type { ScheduleConfig } from '@stepline/server';
import type { EventConfig } from './event-config.js';
import type { WebhookConfig } from './webhook-config.js';

export type TriggerKindName = 'webhook' | 'schedule' | 'event';

/** A trigger as the API shows it: never its token (only the prefix) nor its secret. */
export interface TriggerView {
  id: string;
  flowId: string;
  /** The flow's name, for tenant-wide lists. */
  flowName: string | null;
  kind: TriggerKindName;
  enabled: boolean;
  /** The pinned version; null = whichever version is published when a request arrives. */
  version: number | null;
  config: WebhookConfig | ScheduleConfig | EventConfig;
  /** Whether an auth secret is stored (write-only). */
  hasSecret: boolean;
  tokenPrefix: string | null;
  /** Schedule triggers that are enabled: the next five fire times (ISO 8601); else empty. */
  nextFireTimes: string[];
  /** Schedule triggers: when it last started a run. */
  lastFiredAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Create and rotate answer once with a webhook's token and the URL built on it (null for other kinds). */
export interface TriggerWithToken extends TriggerView {
  token: string | null;
  /** Path of the webhook: `/hooks/{token}` (relative to the API's base URL). */
  url: string | null;
}

export interface CreateTriggerInput {
  kind?: string;
  enabled?: boolean;
  version?: number | null;
  config?: unknown;
}

export interface UpdateTriggerInput {
  enabled?: boolean;
  version?: number | null;
  config?: unknown;
}

export interface TriggerListFilter {
  flowId?: string;
  kind?: TriggerKindName;
}

/** The schedule a form previews before saving (the schedule config without a trigger). */
export interface SchedulePreviewInput {
  mode?: string;
  cron?: string;
  timezone?: string;
  intervalSeconds?: number;
}

export const hookUrl = (token: string) => `/hooks/${token}`;
