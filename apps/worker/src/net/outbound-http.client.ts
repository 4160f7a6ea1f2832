import { StepFailure } from '@stepline/domain';
import { AddressPolicy, classifyUrlHost, type OutboundConfig } from '@stepline/server';
import { Agent, type Dispatcher } from 'undici';
import {
  createGuardedConnector,
  resolveAllowedAddresses,
  systemLookup,
  type LookupFn,
} from './guarded-connector.js';
import { toStepFailure } from './outbound-errors.js';
import { parseOutboundUrl } from './outbound-url.js';

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Total budget: DNS, connect, every redirect hop, headers and the whole body. */
  timeoutMs: number;
  /** Default true; false returns a 3xx answer as it is. */
  followRedirects?: boolean;
  /** Aborting it (a cancelled run) fails the request with `net.aborted`. */
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The final URL, after redirects. */
  url: string;
  redirects: number;
}

export interface OutboundPolicy {
  /** Ranges opened despite the private/loopback block (`OUTBOUND_ALLOW_CIDRS`). */
  allowCidrs: string[];
  maxResponseBytes: number;
  connectTimeoutMs: number;
  maxRedirects: number;
  userAgent: string;
}

export const DEFAULT_OUTBOUND_USER_AGENT = 'Stepline/1.0';

export function outboundPolicyFromConfig(
  outbound: OutboundConfig,
  userAgent = DEFAULT_OUTBOUND_USER_AGENT,
): OutboundPolicy {
  return { ...outbound, allowCidrs: [...outbound.allowCidrs], userAgent };
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// The URL decides where a request goes; framing is undici's business. Silently dropped.
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'proxy-connection',
  'te',
  'trailer',
]);
// Credentials that must not follow a redirect to another origin (what fetch and undici drop).
const CROSS_ORIGIN_DROPPED = ['authorization', 'cookie', 'proxy-authorization'];
// Fetch: a redirect that turns the request into a GET also drops the body's headers.
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location'];
const MAX_TIMER_MS = 2 ** 31 - 1;
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A redirect's own body is read and thrown away up to this size so the connection can be reused. */
const REDIRECT_BODY_DRAIN_BYTES = 64 * 1024;

/**
 * The one outbound HTTP client of the product (http steps, webhook deliveries …). Every connection
 * goes through the guarded connector (addresses checked after DNS, on every hop), redirects are
 * followed here one hop at a time, and bodies are read under a size cap and one total deadline.
 */
export class OutboundHttpClient {
  private readonly addresses: AddressPolicy;
  private readonly agent: Agent;
  private readonly lookup: LookupFn;

  constructor(
    private readonly policy: OutboundPolicy,
    deps: { lookup?: LookupFn } = {},
  ) {
    this.addresses = new AddressPolicy(policy.allowCidrs);
    this.lookup = deps.lookup ?? systemLookup;
    this.agent = new Agent({
      connect: createGuardedConnector({
        policy: this.addresses,
        lookup: this.lookup,
        connectTimeoutMs: policy.connectTimeoutMs,
      }),
      // undici 7 follows no redirect unless given its redirect interceptor: `request` follows them
      // itself, so that every hop is vetted.
      keepAliveTimeout: 4_000,
    });
  }

  async request(req: OutboundRequest): Promise<OutboundResponse> {
    if (!(Number.isFinite(req.timeoutMs) && req.timeoutMs > 0)) {
      throw new StepFailure('step.internal', 'An outbound request needs a positive timeout.', {
        retryable: false,
      });
    }
    if (!METHOD_TOKEN.test(req.method) || req.method.toUpperCase() === 'CONNECT') {
      throw new StepFailure('step.failed', 'The HTTP method is not valid.', { retryable: false });
    }
    let url = parseOutboundUrl(req.url);
    if (req.signal?.aborted) throw aborted(url);

    const deadline = new AbortController();
    const timer = setTimeout(
      () =>
        deadline.abort(
          new StepFailure(
            'net.timeout',
            `The request to ${url.hostname} took longer than ${req.timeoutMs} ms.`,
            {
              detail: { host: url.hostname, phase: 'total', timeoutMs: req.timeoutMs },
            },
          ),
        ),
      // setTimeout fires at once past 2^31-1 ms; nobody means a 25-day request.
      Math.min(req.timeoutMs, MAX_TIMER_MS),
    );
    const onAbort = () => deadline.abort(aborted(url));
    req.signal?.addEventListener('abort', onAbort, { once: true });

    let method = req.method.toUpperCase();
    let body = req.body;
    const headers = this.initialHeaders(req.headers);
    let redirects = 0;
    try {
      for (;;) {
        // An IP literal is refused here, before any socket exists; names are checked by the connector.
        if (classifyUrlHost(url.hostname).kind !== 'name') {
          await resolveAllowedAddresses(
            url.hostname,
            this.addresses,
            this.lookup,
            this.policy.connectTimeoutMs,
          );
        }
        const res = await this.agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          signal: deadline.signal,
        });
        const location = res.headers['location'];
        if (
          req.followRedirects === false ||
          !REDIRECT_STATUSES.has(res.statusCode) ||
          location === undefined
        ) {
          return {
            status: res.statusCode,
            headers: flattenHeaders(res.headers),
            body: await this.readCapped(res, url),
            url: url.href,
            redirects,
          };
        }
        await res.body.dump({ limit: REDIRECT_BODY_DRAIN_BYTES }).catch(() => undefined);
        if (redirects >= this.policy.maxRedirects) {
          throw new StepFailure(
            'net.too_many_redirects',
            `More than ${this.policy.maxRedirects} redirects.`,
            {
              detail: { host: url.hostname, maxRedirects: this.policy.maxRedirects },
            },
          );
        }
        redirects += 1;
        const next = parseOutboundUrl(Array.isArray(location) ? (location[0] ?? '') : location, url);
        if (next.origin !== url.origin) for (const name of CROSS_ORIGIN_DROPPED) delete headers[name];
        const status = res.statusCode;
        if (
          (status === 303 && method !== 'GET' && method !== 'HEAD') ||
          ((status === 301 || status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          for (const name of BODY_HEADERS) delete headers[name];
        }
        url = next;
      }
    } catch (error) {
      // Whatever undici threw while the deadline or the caller aborted, the abort is the cause.
      if (deadline.signal.aborted && deadline.signal.reason instanceof StepFailure)
        throw deadline.signal.reason;
      throw toStepFailure(error, url.hostname);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes pooled connections once in-flight requests finish. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private initialHeaders(given: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': this.policy.userAgent };
    for (const [name, value] of Object.entries(given)) {
      const lower = name.toLowerCase();
      if (!DROPPED_REQUEST_HEADERS.has(lower)) headers[lower] = value;
    }
    return headers;
  }

  private async readCapped(res: Dispatcher.ResponseData, url: URL): Promise<Uint8Array> {
    const limit = this.policy.maxResponseBytes;
    const tooLarge = (facts: Record<string, unknown>) => {
      res.body.destroy();
      return new StepFailure('net.response_too_large', `The response is larger than ${limit} bytes.`, {
        detail: { host: url.hostname, limit, ...facts },
      });
    };
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw tooLarge({ contentLength: declared });
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw tooLarge({});
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }
}

const aborted = (url: URL) =>
  new StepFailure('net.aborted', `The request to ${url.hostname} was aborted.`, {
    detail: { host: url.hostname },
  });

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
