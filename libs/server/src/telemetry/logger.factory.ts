import { pino, type Logger } from 'pino';
import { requestContext } from './request-context.js';

/**
 * Structured JSON logs. Each line carries the request, tenant and run ids of the context it was
 * written in; secrets are redacted by key name as a last line of defence.
 */
export function createLogger(
  service: string,
  level: string,
  // Synchronous writes: a process that exits right after logging (shutdown, fatal boot error)
  // must not lose its last lines to an unflushed buffer. Tests pass a stream to read the lines.
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: true }),
): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const ctx = requestContext.current();
        return ctx ? { requestId: ctx.requestId, tenantId: ctx.tenantId, runId: ctx.runId } : {};
      },
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'refreshToken',
          '*.refreshToken',
          'secret',
          '*.secret',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
export type { Logger };
