import { StepFailure } from '@stepline/domain';
import { isIP } from 'node:net';
import { normalizeAddress } from './address-policy.js';

/**
 * What a URL's host is, after WHATWG parsing (which already turns `2130706433`, `0x7f.1`,
 * `0177.0.0.1`, `127.1` and full-width digits into `127.0.0.1`, and compresses IPv6 literals).
 * - `ip`: a literal address; checked without DNS.
 * - `loopback-name`: `localhost` and `*.localhost` (RFC 6761): answered locally with the loopback
 *   addresses, never sent to DNS, so a resolver cannot make them mean anything else.
 * - `name`: anything else, resolved and checked at connect time.
 */
export type UrlHost =
  { kind: 'ip'; address: string } | { kind: 'loopback-name'; name: string } | { kind: 'name'; name: string };

export const LOOPBACK_NAME_ADDRESSES = ['127.0.0.1', '::1'] as const;

export function classifyUrlHost(hostname: string): UrlHost {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  // A trailing dot makes a name absolute; `localhost.` is still localhost.
  const name = bare.toLowerCase().replace(/\.$/, '');
  if (isIP(name)) return { kind: 'ip', address: normalizeAddress(name)?.address ?? name };
  if (name === 'localhost' || name.endsWith('.localhost')) return { kind: 'loopback-name', name };
  return { kind: 'name', name };
}

/**
 * Parses and vets a request or redirect target: http(s) only, a host, no credentials. Credentials in
 * a URL are refused rather than stripped: they would end up in logs and recorded step inputs, and
 * the step's auth settings (or an Authorization header) are the place for them.
 */
export function parseOutboundUrl(raw: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = typeof raw === 'string' ? new URL(raw, base) : new URL(raw.href);
  } catch (cause) {
    throw new StepFailure('net.invalid_url', 'The URL is not valid.', {
      cause,
      detail: base ? { redirect: true } : {},
    });
  }
  const facts = { host: url.hostname, ...(base ? { redirect: true } : {}) };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StepFailure('net.invalid_url', `Only http and https URLs are allowed (got ${url.protocol}).`, {
      detail: { ...facts, protocol: url.protocol },
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new StepFailure(
      'net.invalid_url',
      'Credentials in the URL are not allowed; use the step authentication or a header.',
      { detail: facts },
    );
  }
  if (url.hostname === '') {
    throw new StepFailure('net.invalid_url', 'The URL has no host.', { detail: facts });
  }
  url.hash = '';
  return url;
}
