import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import { retryingFetch, type RetryOptions } from './retrying-fetch.js';
import { SteplineError } from './stepline-error.js';

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
}

export function createStepline(options: SteplineOptions): Stepline {
  const raw = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: retryingFetch(options.fetch ?? globalThis.fetch.bind(globalThis), options),
  });
  raw.use({
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  return {
    raw,
    async call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
      const { data, error, response } = await pending;
      if (!response.ok) throw await SteplineError.fromResponse(response, error);
      return data as T;
    },
  };
}
