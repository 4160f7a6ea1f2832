import { WEBHOOK_SECRET_PREFIX } from '@stepline/domain';
import { createHmac } from 'node:crypto';

/** The Standard Webhooks headers of one attempt. */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The raw HMAC key of a `whsec_…` secret (base64 after the prefix, per Standard Webhooks). */
const keyOf = (secret: string) =>
  Buffer.from(
    secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret,
    'base64',
  );

/**
 * Signs one attempt per Standard Webhooks: HMAC-SHA256 over `id.timestamp.body`, base64, as
 * `v1,<signature>`. With several secrets (during a rotation's overlap) every signature is sent,
 * space-separated, and a receiver holding either secret verifies it.
 */
export function signWebhook(
  id: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[],
): WebhookHeaders {
  const timestamp = String(timestampSeconds);
  const signatures = secrets.map(
    (secret) =>
      `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
  );
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}
