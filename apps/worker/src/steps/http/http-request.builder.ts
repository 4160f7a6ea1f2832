import { StepFailure, type HttpStepConfig } from '@stepline/domain';

export interface BuiltHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const hasHeader = (headers: Record<string, string>, name: string) =>
  Object.keys(headers).some((k) => k.toLowerCase() === name);

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);

/**
 * Turns an evaluated `http` config into a request: query merged into the URL, the body encoded by
 * `bodyType` with a matching Content-Type unless one was set, credentials from the named secret.
 * `secretOf` answers undefined for a secret the tenant does not have.
 */
export function buildHttpRequest(
  config: HttpStepConfig,
  secretOf: (name: string) => string | undefined,
): BuiltHttpRequest {
  let url: URL;
  try {
    url = new URL(text(config.url));
  } catch {
    throw new StepFailure('net.invalid_url', 'The URL is not a valid absolute URL', {
      detail: { url: text(config.url).slice(0, 200) },
    });
  }
  for (const [key, value] of Object.entries(config.query ?? {})) url.searchParams.append(key, text(value));
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.headers ?? {})) headers[key] = text(value);

  if (config.auth) {
    const secret = secretOf(config.auth.secret);
    if (secret === undefined) {
      throw new StepFailure('step.failed', `Secret "${config.auth.secret}" does not exist`, {
        retryable: false,
        detail: { secret: config.auth.secret },
      });
    }
    if (config.auth.type === 'bearer') headers['authorization'] = `Bearer ${secret}`;
    else if (config.auth.type === 'basic')
      headers['authorization'] =
        `Basic ${Buffer.from(`${config.auth.username ?? ''}:${secret}`).toString('base64')}`;
    else headers[config.auth.header ?? 'authorization'] = secret;
  }

  let body: string | undefined;
  if (config.body !== undefined && config.method !== 'GET' && config.method !== 'HEAD') {
    const bodyType = config.bodyType ?? 'json';
    if (bodyType === 'json') {
      body = JSON.stringify(config.body);
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    } else if (bodyType === 'form') {
      const form = new URLSearchParams();
      const fields = typeof config.body === 'object' && config.body !== null ? config.body : {};
      for (const [key, value] of Object.entries(fields)) form.append(key, text(value));
      body = form.toString();
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
    } else {
      body = text(config.body);
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
    }
  }
  return { method: config.method, url: url.toString(), headers, body };
}

/** `successStatuses` holds exact codes ("404") and classes ("2xx"); the default is 2xx. */
export function isSuccessStatus(status: number, accepted: readonly string[] | undefined): boolean {
  const list = accepted?.length ? accepted : ['2xx'];
  const code = String(status);
  return list.some((p) => (p.endsWith('xx') ? code[0] === p[0] : p === code));
}

/** JSON bodies are parsed (when they parse), text is kept as text, anything else as base64. */
export function decodeBody(contentType: string | undefined, bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) return null;
  const type = (contentType ?? '').toLowerCase();
  const asText = () => new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (type.includes('json')) {
    const raw = asText();
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (
    type.startsWith('text/') ||
    type.includes('xml') ||
    type.includes('x-www-form-urlencoded') ||
    type === ''
  )
    return asText();
  return { base64: Buffer.from(bytes).toString('base64'), contentType: type };
}
