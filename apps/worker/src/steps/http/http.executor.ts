import { StepFailure, type HttpStepConfig } from '@stepline/domain';
import type { OutboundHttpClient } from '../../net/index.js';
import type { StepExecutor } from '../step-executor.js';
import { buildHttpRequest, decodeBody, isSuccessStatus } from './http-request.builder.js';

export interface HttpExecutorDeps {
  client: OutboundHttpClient;
}

/**
 * The `http` step: every request goes through the one SSRF-guarded client. A status outside
 * `successStatuses` fails with `http.status` — retryable for 408, 429 and 5xx only.
 */
export function createHttpExecutor(deps: HttpExecutorDeps): StepExecutor<HttpStepConfig> {
  return {
    type: 'http',
    async execute({ config, signal, log, secret }) {
      const request = buildHttpRequest(config, secret);
      const response = await deps.client.request({
        ...request,
        timeoutMs: config.timeoutMs ?? 30_000,
        followRedirects: config.followRedirects ?? true,
        signal,
      });
      if (response.redirects > 0) log('debug', `followed ${response.redirects} redirect(s)`);
      const output = {
        status: response.status,
        headers: response.headers,
        body: decodeBody(response.headers['content-type'], response.body),
      };
      if (!isSuccessStatus(response.status, config.successStatuses)) {
        const s = response.status;
        throw new StepFailure('http.status', `The server answered ${s}`, {
          retryable: s === 408 || s === 429 || s >= 500,
          detail: { status: s, body: truncate(output.body) },
        });
      }
      return { output };
    },
  };
}

const truncate = (body: unknown): unknown => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text && text.length > 2_000 ? `${text.slice(0, 2_000)}…` : body;
};
