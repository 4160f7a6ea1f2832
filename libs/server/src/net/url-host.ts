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
