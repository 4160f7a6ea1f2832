import { WEBHOOK_ENDPOINT_LIMITS, type FieldProblem } from '@stepline/domain';
import { BlockList, isIP } from 'node:net';

/**
 * Checks an endpoint URL when it is saved. Deliveries go through the worker's SSRF-guarded client,
 * which checks every resolved address at connect time; this refuses early what can never work:
 * - not an absolute http(s) URL, credentials in it (they would show in the log), a fragment;
 * - plain `http:` unless the host is an IP literal (or `localhost`) inside `OUTBOUND_ALLOW_CIDRS`:
 *   payloads and signatures cross the network in the clear otherwise. A self-hoster who opened a
 *   private range for the http step may deliver to it over http too, like the http step may.
 */
export function webhookUrlProblems(raw: string, allowCidrs: readonly string[]): FieldProblem[] {
  const problem = (message: string): FieldProblem[] => [{ path: '/url', code: 'field.invalid', message }];
  if (raw.length > WEBHOOK_ENDPOINT_LIMITS.url) {
    return [
      {
        path: '/url',
        code: 'field.maxLength',
        message: `url must be at most ${WEBHOOK_ENDPOINT_LIMITS.url} characters`,
      },
    ];
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return problem('url must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return problem('url must be an https URL');
  if (url.username || url.password) return problem('url must not contain credentials');
  if (url.hash) return problem('url must not contain a fragment');
  if (!url.hostname) return problem('url must name a host');
  if (url.protocol === 'http:' && !allowedPlainHttp(url.hostname, allowCidrs)) {
    return problem('url must be an https URL (http only for addresses the outbound allow-list opens)');
  }
  return [];
}

function allowedPlainHttp(hostname: string, allowCidrs: readonly string[]): boolean {
  if (allowCidrs.length === 0) return false;
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const addresses = bare === 'localhost' || bare.endsWith('.localhost') ? ['127.0.0.1'] : [bare];
  const list = new BlockList();
  for (const cidr of allowCidrs) {
    const [address, prefix] = cidr.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(address, Number(prefix), family);
  }
  return addresses.every((a) => {
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  });
}
