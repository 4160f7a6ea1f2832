import createClient, { type Client } from 'openapi-fetch';
import { ApprovalsApi } from './approvals.js';
import { EventsApi } from './events.js';
import type { paths } from './generated/openapi.js';
import { retryingFetch, type RetryOptions } from './retrying-fetch.js';
import { RunsApi } from './runs.js';
import { SecretsApi } from './secrets.js';
import { SteplineError } from './stepline-error.js';
import { TriggersApi } from './triggers.js';
import { UsageApi } from './usage.js';
import { WebhookEndpointsApi } from './webhook-endpoints.js';

export interface SteplineOptions extends RetryOptions {
  /** e.g. `https://stepline.example.com` (no trailing `/v1`). */
  baseUrl: string;
  /** An `sl_live_…` API key or an access token, or a function answering one (refreshed tokens). */
  token?: string | (() => string | Promise<string>);
  fetch?: typeof fetch;
}

/** The result shape of every openapi-fetch call. */
type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * The typed Stepline client: `raw` is the openapi-fetch client over the generated `paths` (every
 * endpoint, typed); `call` turns its result into the data or a thrown `SteplineError`.
 */
export interface Stepline {
  raw: Client<paths>;
  call<T>(pending: Promise<FetchResult<T>>): Promise<T>;
  /** Start, read, list, cancel, retry, resume, wait for and stream runs. */
  runs: RunsApi;
  /** Create, list, read, update and delete secrets; values are write-only. */
  secrets: SecretsApi;
  /** List, create, read, update, delete and rotate a flow's triggers; tokens are shown once. */
  triggers: TriggersApi;
  /** Publish events: resume waiting runs, start flows with an event trigger. */
  events: EventsApi;
  /** List, read and decide approvals of waiting runs. */
  approvals: ApprovalsApi;
  /** Outgoing webhook endpoints (secrets shown once), their delivery log and redeliver. */
  webhookEndpoints: WebhookEndpointsApi;
  /** Runs, steps and step-seconds per day with the quotas in force (admins). */
  usage: UsageApi;
}

export function createStepline(options: SteplineOptions): Stepline {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = retryingFetch(options.fetch ?? globalThis.fetch.bind(globalThis), options);
  const tokenOf = async () => (typeof options.token === 'function' ? await options.token() : options.token);
  const raw = createClient<paths>({ baseUrl, fetch: fetchImpl });
  raw.use({
    async onRequest({ request }) {
      const token = await tokenOf();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  const call = async <T>(pending: Promise<FetchResult<T>>): Promise<T> => {
    const { data, error, response } = await pending;
    if (!response.ok) throw await SteplineError.fromResponse(response, error);
    return data as T;
  };
  const authorizedFetch = async (path: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    const token = await tokenOf();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetchImpl(`${baseUrl}${path}`, { ...init, headers });
  };
  return {
    raw,
    call,
    runs: new RunsApi({ raw, call, authorizedFetch }),
    secrets: new SecretsApi({ raw, call }),
    triggers: new TriggersApi({ raw, call }),
    events: new EventsApi({ raw, call }),
    approvals: new ApprovalsApi({ raw, call }),
    webhookEndpoints: new WebhookEndpointsApi({ raw, call }),
    usage: new UsageApi({ raw, call }),
  };
}
