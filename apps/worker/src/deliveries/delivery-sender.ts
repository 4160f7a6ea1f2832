import { StepFailure } from '@stepline/domain';
import {
  SecretsCipher,
  signWebhook,
  webhookEndpointSecretBinding,
  type ClaimedWebhookDelivery,
  type WebhooksConfig,
  type WebhookAttemptResult,
} from '@stepline/server';
import { performance } from 'node:perf_hooks';
import type { OutboundHttpClient } from '../net/index.js';
import { retryDelayMs, verdictOf } from './delivery-schedule.js';

/** The start of a receiver's answer kept in the delivery log. */
export const RESPONSE_EXCERPT_CHARS = 2048;
const USER_AGENT = 'Stepline-Webhooks/1.0';

export interface AttemptOutcome {
  result: WebhookAttemptResult;
  /** The receiver answered 410 Gone: the endpoint must be disabled. */
  gone: boolean;
}

/**
 * One attempt of one delivery: decrypt the endpoint's secrets, sign, POST through the SSRF-guarded
 * client without following redirects, and decide what follows. Never throws: every failure (no
 * answer, a secret that does not decrypt) is an attempt result the log shows.
 */
export async function attemptDelivery(
  d: ClaimedWebhookDelivery,
  deps: { http: OutboundHttpClient; cipher: SecretsCipher; config: WebhooksConfig; now?: () => number },
): Promise<AttemptOutcome> {
  const now = deps.now ?? Date.now;
  const startedAt = new Date(now());
  const t0 = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let responseExcerpt: string | null = null;
  try {
    const binding = webhookEndpointSecretBinding(d.tenantId, d.endpointId);
    const secrets = [d.secret, ...(d.previousSecret ? [d.previousSecret] : [])].map((s) =>
      deps.cipher.decrypt(s, binding),
    );
    const body = JSON.stringify(d.payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      ...signWebhook(d.deliveryId, Math.floor(now() / 1000), body, secrets),
    };
    const res = await deps.http.request({
      method: 'POST',
      url: d.url,
      headers,
      body,
      timeoutMs: deps.config.requestTimeoutMs,
      followRedirects: false,
    });
    statusCode = res.status;
    responseExcerpt = excerptOf(res.body);
    if (verdictOf(statusCode) !== 'delivered') error = `http.${statusCode}`;
  } catch (e) {
    error =
      e instanceof StepFailure
        ? e.code
        : e instanceof Error && e.name === 'SecretDecryptionError'
          ? 'secret.undecryptable'
          : 'delivery.failed';
  }
  const durationMs = Math.round(performance.now() - t0);
  const verdict = verdictOf(statusCode);
  const delay = verdict === 'retry' ? retryDelayMs(d.attempt, deps.config) : null;
  const next: WebhookAttemptResult['next'] =
    verdict === 'delivered'
      ? { kind: 'delivered' }
      : delay === null
        ? { kind: 'failed' }
        : { kind: 'retry', retryAt: new Date(now() + delay) };
  return {
    gone: verdict === 'gone',
    result: {
      deliveryId: d.deliveryId,
      attempt: d.attempt,
      startedAt,
      durationMs,
      statusCode,
      error,
      responseExcerpt,
      next,
    },
  };
}

function excerptOf(body: Uint8Array): string | null {
  if (body.length === 0) return null;
  // Four bytes per character at most: decoding that much is enough for the excerpt.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(
    body.subarray(0, RESPONSE_EXCERPT_CHARS * 4),
  );
  // NUL cannot be stored in a text column.
  return text.slice(0, RESPONSE_EXCERPT_CHARS).split('\u0000').join('\uFFFD');
}
