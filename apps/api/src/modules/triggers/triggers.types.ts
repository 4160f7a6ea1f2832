import type { WebhookConfig } from './webhook-config.js';

export type TriggerKindName = 'webhook' | 'schedule' | 'event';

/** A trigger as the API shows it: never its token (only the prefix) nor its secret. */
export interface TriggerView {
  id: string;
  flowId: string;
  kind: TriggerKindName;
  enabled: boolean;
  /** The pinned version; null = whichever version is published when a request arrives. */
  version: number | null;
  config: WebhookConfig;
  /** Whether an auth secret is stored (write-only). */
  hasSecret: boolean;
  tokenPrefix: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Create and rotate answer once with the token and the URL built on it. */
export interface TriggerWithToken extends TriggerView {
  token: string;
  /** Path of the webhook: `/hooks/{token}` (relative to the API's base URL). */
  url: string;
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

export const hookUrl = (token: string) => `/hooks/${token}`;
