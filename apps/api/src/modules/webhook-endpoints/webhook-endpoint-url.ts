import { WEBHOOK_ENDPOINT_LIMITS, type FieldProblem } from '@stepline/domain';
import { AddressPolicy, classifyUrlHost, LOOPBACK_NAME_ADDRESSES } from '@stepline/server';

/**
 * Checks an endpoint URL when it is saved. Deliveries go through the worker's SSRF-guarded client,
 * which checks every resolved address at connect time; this refuses early what can never work:
 * - not an absolute http(s) URL, credentials in it (they would show in the log), a fragment;
 * - plain `http:` unless the host is an IP literal (or `localhost`) inside `OUTBOUND_ALLOW_CIDRS`:
 *   payloads and signatures cross the network in the clear otherwise. A self-hoster who opened a
 *   private range for the http step may deliver to it over http too, like the http step may.
 */
export function webhookUrlProblems(raw: string, allow: AddressPolicy | readonly string[]): FieldProblem[] {
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
  if (url.protocol === 'http:' && !allowedPlainHttp(url.hostname, allow)) {
    return problem('url must be an https URL (http only for addresses the outbound allow-list opens)');
  }
  return [];
}

/** An IP literal the allow-list opens, or `localhost` when it opens 127.0.0.1; names are not resolved. */
function allowedPlainHttp(hostname: string, allow: AddressPolicy | readonly string[]): boolean {
  const policy = allow instanceof AddressPolicy ? allow : new AddressPolicy(allow);
  const host = classifyUrlHost(hostname);
  if (host.kind === 'name') return false;
  return policy.opens(host.kind === 'ip' ? host.address : LOOPBACK_NAME_ADDRESSES[0]);
}
