import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';
import { problemBody } from '../errors/problem.filter';

/**
 * Requests Node's HTTP parser refuses before Express sees them — a NUL, CR or LF inside a header
 * value, a malformed request line, headers over the server's limit — get the same problem+json as
 * every other error instead of Node's bare `400 Bad Request` without a body (SPEC §14), with the
 * security headers (`extraHeaders`) every other answer carries.
 */
export function answerClientErrors(server: Server, extraHeaders: string[] = []): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // The client is gone, or a response is already being written on this connection.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemBody(toAppError(err.code), undefined);
    const body = JSON.stringify(problem);
    const { status } = problem;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n' +
        extraHeaders.map((h) => `${h}\r\n`).join('') +
        '\r\n' +
        body,
    );
  });
}

function toAppError(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError(ErrorCode.HEADERS_TOO_LARGE);
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError(ErrorCode.REQUEST_TIMEOUT);
  return new AppError(
    ErrorCode.MALFORMED_REQUEST,
    'Запрос не разобран: недопустимые символы в строке запроса или заголовках ' +
      '(NUL, CR, LF внутри значения) или нарушен формат HTTP/1.1',
  );
}
