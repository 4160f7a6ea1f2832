import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, type ErrorCode } from '@stepline/domain';

/**
 * Requests Node's HTTP parser refuses (an over-long URL or headers, a malformed request line) never
 * reach Express; Node would answer them with a bare status line. Answer problem+json like every
 * other error, with a stable code, and close the connection.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const code: ErrorCode =
      error.code === 'HPE_HEADER_OVERFLOW' ? 'request.headers_too_large' : 'request.invalid';
    const status = ERROR_CODES[code];
    const body = JSON.stringify({
      type: `urn:stepline:error:${code}`,
      title: STATUS_CODES[status],
      status,
      detail:
        code === 'request.invalid'
          ? 'The request is not valid HTTP'
          : 'The request line or headers are too large',
      code,
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
