export interface RetryOptions {
  /** Further attempts after the first on 429 and 503 (default 3). */
  retries?: number;
  /** Upper bound of one wait, whatever Retry-After says (default 30 s). */
  maxDelayMs?: number;
}

const RETRYABLE = new Set([429, 503]);

function delayOf(response: Response, attempt: number, maxDelayMs: number): number {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  const date = header === null ? NaN : Date.parse(header);
  const wanted = Number.isFinite(seconds)
    ? seconds * 1000
    : Number.isFinite(date)
      ? date - Date.now()
      : 2 ** attempt * 250;
  return Math.max(0, Math.min(wanted, maxDelayMs));
}

/**
 * A fetch that retries 429 and 503 answers, honouring Retry-After (seconds or HTTP date) or else
 * backing off exponentially. Other statuses and network errors are returned/thrown as they are.
 */
export function retryingFetch(fetchImpl: typeof fetch, options: RetryOptions = {}): typeof fetch {
  const retries = options.retries ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  return async (input, init) => {
    const request = new Request(input, init);
    for (let attempt = 0; ; attempt++) {
      const response = await fetchImpl(request.clone());
      if (!RETRYABLE.has(response.status) || attempt >= retries) return response;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, delayOf(response, attempt, maxDelayMs)));
    }
  };
}
