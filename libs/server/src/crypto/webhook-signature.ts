import { WEBHOOK_SECRET_PREFIX } from '@stepline/domain';
import { createHmac } from 'node:crypto';
import { safeEqual } from './tokens.js';

/**
 * Webhook signatures, with node:crypto only, one implementation for both directions: the worker
 * signs outgoing deliveries (`signWebhook`), the API verifies incoming webhooks (`verify*`).
 * Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<b64> …`,
 * HMAC-SHA256 over `${id}.${timestamp}.${body}` keyed by the base64 after a `whsec_` prefix.
 * GitHub: `X-Hub-Signature-256: sha256=<hex>` over the raw body. Comparisons are constant-time.
 */

type Headers = Record<string, string | string[] | undefined>;
const one = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The raw HMAC key of a `whsec_…` secret (base64 after the prefix, per Standard Webhooks). */
export const standardKeyOf = (secret: string): Buffer =>
  Buffer.from(
    secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret,
    'base64',
  );

/** One Standard Webhooks signature, `v1,<base64 HMAC-SHA256 of id.timestamp.body>`. */
export function signStandard(
  secret: string,
  id: string,
  timestamp: number | string,
  body: Buffer | string,
): string {
  const mac = createHmac('sha256', standardKeyOf(secret));
  mac.update(`${id}.${timestamp}.`);
  mac.update(body);
  return `v1,${mac.digest('base64')}`;
}

export function signGithub(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The Standard Webhooks headers of one delivery attempt. */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs one delivery attempt per Standard Webhooks. With several secrets (during a rotation's
 * overlap) every signature is sent, space-separated, and a receiver holding either one verifies it.
 */
export function signWebhook(
  id: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[],
): WebhookHeaders {
  const timestamp = String(timestampSeconds);
  const signatures = secrets.map((secret) => signStandard(secret, id, timestamp, body));
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'mismatch' | 'replay' };

/** Standard Webhooks: any `v1,` signature in the space-separated list may match; the timestamp must lie within the window. */
export function verifyStandard(
  secret: string,
  headers: Headers,
  body: Buffer,
  windowSeconds: number,
  nowMs = Date.now(),
): VerifyResult {
  const id = one(headers, 'webhook-id');
  const ts = one(headers, 'webhook-timestamp');
  const sigs = one(headers, 'webhook-signature');
  if (!id || !ts || !sigs) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowMs / 1000 - Number(ts)) > windowSeconds) return { ok: false, reason: 'replay' };
  const expected = Buffer.from(signStandard(secret, id, ts, body).slice(3), 'base64');
  for (const part of sigs.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || !value) continue;
    if (safeEqual(Buffer.from(value, 'base64'), expected)) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}

export function verifyGithub(secret: string, headers: Headers, body: Buffer): VerifyResult {
  const sig = one(headers, 'x-hub-signature-256');
  if (!sig) return { ok: false, reason: 'missing' };
  if (!/^sha256=[0-9a-f]{64}$/i.test(sig)) return { ok: false, reason: 'mismatch' };
  const expected = Buffer.from(signGithub(secret, body).slice(7), 'hex');
  return safeEqual(Buffer.from(sig.slice(7), 'hex'), expected)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/** A shared secret in a header, compared in constant time (on digests, so lengths do not leak). */
export function verifyHeader(secret: string, headers: Headers, header: string): VerifyResult {
  const given = one(headers, header);
  if (!given) return { ok: false, reason: 'missing' };
  const digest = (v: string) => createHmac('sha256', 'stepline-header-compare').update(v).digest();
  return safeEqual(digest(given), digest(secret)) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
