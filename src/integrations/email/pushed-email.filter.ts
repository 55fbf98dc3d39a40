import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import { classifyIntakeFailure, intakeFailureSummary } from '../../common/errors/intake-failure';
import { ProblemFilter, safeErrorForLog, toAppError } from '../../common/errors/problem.filter';

/** How long the mail server is asked to wait before delivering a message again, seconds. */
export const PUSH_RETRY_AFTER_SECONDS = 60;

/**
 * The push endpoint's refusals (issue 19): 4xx only for a bad request or a message that can
 * never be registered; anything that may succeed later (database, lock, a missing calendar year,
 * shutdown, a bug) is 503 SERVICE_UNAVAILABLE with `Retry-After`, so the mail server keeps the
 * message and delivers it again instead of bouncing it. Bound to the route, it also sees what
 * the guards throw (a key lookup that met a database failure).
 */
@Catch()
export class PushedEmailFilter extends ProblemFilter {
  private readonly log = new Logger(PushedEmailFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    const error = toAppError(exception);
    if (classifyIntakeFailure(error) !== 'transient') {
      super.catch(error, host);
      return;
    }
    const requestId = (host.switchToHttp().getRequest<Request>() as Request & { id?: string }).id;
    // Identifiers only: an AppError's detail or a driver message may quote the message.
    if (exception instanceof AppError) {
      this.log.warn(
        { code: intakeFailureSummary(exception), requestId },
        'E-mail not taken now: the mail server is asked to retry',
      );
    } else {
      this.log.error(
        { err: safeErrorForLog(exception), requestId },
        'E-mail not taken now (unexpected error): the mail server is asked to retry',
      );
    }
    const wait = error.extras?.retryAfter;
    super.catch(
      new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'Письмо сейчас не принято из-за временной ошибки; повторите доставку позже',
        undefined,
        { retryAfter: typeof wait === 'number' ? wait : PUSH_RETRY_AFTER_SECONDS },
      ),
      host,
    );
  }
}
