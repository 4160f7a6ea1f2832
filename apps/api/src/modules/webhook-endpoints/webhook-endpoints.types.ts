/** An endpoint as every answer shows it: never its signing secret, except once (`…WithSecret`). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  /** `["*"]` or a list of event types. */
  eventTypes: string[];
  enabled: boolean;
  /** `gone` when a receiver's 410 disabled it; null otherwise. */
  disabledReason: string | null;
  /** Until when the secret replaced by the last rotation still signs deliveries; null if none does. */
  previousSecretExpiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to create and rotate: the signing secret, shown this once. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpointView;
  secret: string;
}

export interface CreateWebhookEndpointInput {
  url: string;
  description?: string | null;
  eventTypes: string[];
  enabled?: boolean;
}

export interface UpdateWebhookEndpointInput {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryAttemptView {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** The start of the receiver's answer (at most 2 KiB of text). */
  responseExcerpt: string | null;
}

export interface WebhookDeliveryDetailView extends WebhookDeliveryView {
  /** Exactly what is sent (the body of every attempt). */
  payload: Record<string, unknown>;
  attemptLog: WebhookDeliveryAttemptView[];
}
