import type { WebhooksConfig } from '@stepline/server';

/**
 * When the next attempt of a delivery goes out, or null when `attempt` was its last. Exponential:
 * `backoffBaseMs · 2^(attempt−1)`, capped at `backoffMaxMs`, then "equal jitter" (half fixed, half
 * random) so that deliveries failing together do not retry together. With the defaults (30 s base,
 * 4 h cap, 15 attempts) the attempts spread over roughly a day.
 */
export function retryDelayMs(
  attempt: number,
  config: Pick<WebhooksConfig, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number = Math.random,
): number | null {
  if (attempt >= config.maxAttempts) return null;
  const exponential = Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** 2xx delivers; 410 Gone disables the endpoint; anything else (and no answer) is retried. */
export type AttemptVerdict = 'delivered' | 'gone' | 'retry';

export function verdictOf(statusCode: number | null): AttemptVerdict {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 410) return 'gone';
  return 'retry';
}
