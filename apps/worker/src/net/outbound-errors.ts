import { StepFailure } from '@stepline/domain';

/** Socket-level failures: the peer refused, reset, vanished, or spoke something that is not HTTP/TLS. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
};

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Maps whatever undici or the socket threw to a `StepFailure`. `detail` carries the host and the
 * low-level code only — never the path, query, headers or body, which may hold secrets.
 */
export function toStepFailure(error: unknown, host: string): StepFailure {
  if (error instanceof StepFailure) return error;
  const code = codeOf(error);
  const detail = { host, ...(code ? { code } : {}) };
  if (code && TIMEOUT_CODES[code]) {
    return new StepFailure('net.timeout', `The ${TIMEOUT_CODES[code]} phase with ${host} timed out.`, {
      cause: error,
      detail: { ...detail, phase: TIMEOUT_CODES[code] },
    });
  }
  if (
    code &&
    (CONNECTION_CODES.has(code) ||
      code.startsWith('HPE_') ||
      code.startsWith('ERR_TLS') ||
      code.includes('CERT'))
  ) {
    return new StepFailure('net.connect_failed', `The connection to ${host} failed (${code}).`, {
      cause: error,
      detail,
      // A certificate the server presents today it will present on the retry too.
      retryable: !(code.startsWith('ERR_TLS') || code.includes('CERT')),
    });
  }
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') {
    const message = error instanceof Error ? error.message : 'invalid request';
    return new StepFailure('step.failed', `The request is not valid: ${message}.`, {
      cause: error,
      detail,
      retryable: false,
    });
  }
  return new StepFailure('step.failed', `The request to ${host} failed.`, { cause: error, detail });
}
