import { StepFailure } from '@stepline/domain';

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
