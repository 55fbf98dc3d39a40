import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from './app-error';
import { ErrorCode, describeErrorCode } from './error-codes';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: AppError['errors'];
  requestId?: string;
  [extra: string]: unknown;
}

/** Maps anything thrown to RFC 9457 application/problem+json; never leaks a stack trace. */
export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  if (isBodyParserError(exception)) {
    if (exception.type === 'entity.too.large') return new AppError(ErrorCode.PAYLOAD_TOO_LARGE);
    if (exception.type === 'entity.parse.failed') {
      return new AppError(ErrorCode.MALFORMED_JSON, 'Тело запроса не удалось разобрать как JSON');
    }
    if (exception.type === 'encoding.unsupported' || exception.type === 'charset.unsupported') {
      return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }
    return new AppError(ErrorCode.MALFORMED_JSON, 'Тело запроса не удалось разобрать');
  }
  const clientStatus = untypedClientErrorStatus(exception);
  if (clientStatus !== null) {
    // http-errors without a body-parser type: a body that failed to decompress, a path that is
    // not valid percent-encoding. Their messages are English and internal: not passed on.
    if (clientStatus === 413) return new AppError(ErrorCode.PAYLOAD_TOO_LARGE);
    if (clientStatus === 415) return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    if (/^Z_/.test(String((exception as { code?: unknown }).code))) {
      return new AppError(
        ErrorCode.MALFORMED_JSON,
        'Тело запроса не удалось распаковать: оно не соответствует Content-Encoding',
      );
    }
    if (exception instanceof URIError) {
      return new AppError(
        ErrorCode.BAD_REQUEST,
        'Адрес запроса содержит некорректное %-кодирование',
      );
    }
    return new AppError(ErrorCode.BAD_REQUEST);
  }
  if (exception instanceof HttpException) {
    switch (exception.getStatus() as HttpStatus) {
      case HttpStatus.NOT_FOUND:
        return new AppError(ErrorCode.NOT_FOUND, 'Такого адреса в API нет');
      case HttpStatus.UNAUTHORIZED:
        return new AppError(ErrorCode.UNAUTHENTICATED);
      case HttpStatus.FORBIDDEN:
        return new AppError(ErrorCode.FORBIDDEN);
      case HttpStatus.PAYLOAD_TOO_LARGE:
        return new AppError(ErrorCode.PAYLOAD_TOO_LARGE);
      case HttpStatus.TOO_MANY_REQUESTS:
        return new AppError(ErrorCode.RATE_LIMITED);
      case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
        return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
      case HttpStatus.SERVICE_UNAVAILABLE:
        // Terminus' readiness answer: keep its per-check details.
        return new AppError(ErrorCode.SERVICE_UNAVAILABLE, undefined, undefined, {
          details: exception.getResponse(),
        });
      case HttpStatus.BAD_REQUEST: {
        const multipart = MULTIPART_MESSAGES[exception.message];
        if (multipart) return new AppError(ErrorCode.MALFORMED_MULTIPART, multipart);
        if (
          exception.message.startsWith('Multipart:') ||
          exception.message.startsWith('Malformed part')
        ) {
          return new AppError(ErrorCode.MALFORMED_MULTIPART, 'Тело multipart-запроса повреждено');
        }
        return new AppError(ErrorCode.BAD_REQUEST);
      }
      default:
        return new AppError(ErrorCode.INTERNAL_ERROR);
    }
  }
  return new AppError(ErrorCode.INTERNAL_ERROR);
}

/** multer's messages (via Nest's BadRequestException), in Russian. */
const MULTIPART_MESSAGES: Record<string, string> = {
  'Too many files': 'Слишком много файлов в одном запросе',
  'Too many parts': 'Слишком много частей в multipart-запросе',
  'Too many fields': 'Слишком много полей в multipart-запросе',
  'Field name too long': 'Слишком длинное имя поля',
  'Field value too long': 'Слишком длинное значение поля appeal',
  'Unexpected field': 'Неожиданное поле в multipart-запросе',
  'Unexpected end of form': 'Тело multipart-запроса оборвано',
  'Missing field name': 'У части multipart-запроса нет имени',
};

/**
 * What of an unexpected error may be logged: never SQL parameters, bodies or details that may
 * hold personal data (SPEC §15), only what identifies the fault.
 */
export function safeErrorForLog(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { type: typeof e };
  const driver = (e as { driverError?: { code?: string; constraint?: string; table?: string } })
    .driverError;
  return {
    name: e.name,
    ...(driver
      ? { pgCode: driver.code, constraint: driver.constraint, table: driver.table }
      : { message: e.message.slice(0, 200) }),
    stack: e.stack?.split('\n').slice(1, 8).join('\n'),
  };
}

/** The 4xx status of an http-errors error (expose: true) that is neither typed nor Nest's. */
function untypedClientErrorStatus(e: unknown): number | null {
  if (!(e instanceof Error) || e instanceof HttpException) return null;
  const { status, expose } = e as Error & { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true
    ? status
    : null;
}

interface BodyParserError {
  type: string;
  status?: number;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as BodyParserError).type === 'string' &&
    typeof (e as BodyParserError).status === 'number' &&
    !(e instanceof HttpException)
  );
}

export function problemBody(error: AppError, requestId: string | undefined): ProblemDetails {
  const { status, title } = describeErrorCode(error.code);
  return {
    type: `https://appeals-desk.example/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail: error.detail ?? title,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.extras ?? {}),
    requestId,
  };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const error = toAppError(exception);
    const requestId = (req as Request & { id?: string }).id;
    if (error.code === ErrorCode.INTERNAL_ERROR) {
      this.logger.error({ err: safeErrorForLog(exception), requestId }, 'Unhandled error');
    }
    const body = problemBody(error, requestId);
    // A request refused by the body parsers never reached pino-http's middleware (mounted with
    // the routes): log it here so it still leaves a line with its id. Path only, no query.
    if ((req as Request & { log?: unknown }).log === undefined) {
      this.logger.log(
        { requestId, method: req.method, path: req.path, statusCode: body.status },
        'Request refused before routing',
      );
    }
    if (res.headersSent) return;
    // A refusal that says when to come back says it in the standard header too (RFC 9110 §10.2.3).
    if (typeof error.extras?.retryAfter === 'number') {
      res.setHeader('Retry-After', String(error.extras.retryAfter));
    }
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
