import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { ErrorCode, describeErrorCode } from './error-codes';
import {
  classifyIntakeFailure,
  intakeFailureSummary,
  isPermanentIntakeFailure,
} from './intake-failure';

/** A driver error as TypeORM wraps it, with PostgreSQL's SQLSTATE. */
const pgError = (code: string, message: string): QueryFailedError =>
  new QueryFailedError('INSERT INTO appeals …', [], Object.assign(new Error(message), { code }));

describe('classifyIntakeFailure', () => {
  describe('a verdict on the message itself is permanent', () => {
    it.each<[string, AppError]>([
      [
        'unparseable MIME',
        AppError.validation([{ field: 'body', code: 'UNPARSEABLE', message: 'не разобрать' }]),
      ],
      [
        'no message at all',
        AppError.validation([{ field: 'body', code: 'REQUIRED', message: 'пусто' }]),
      ],
      [
        'a field the API refuses',
        AppError.validation([{ field: 'text', code: 'TOO_LONG', message: 'длинный' }]),
      ],
      ['too large', new AppError(ErrorCode.PAYLOAD_TOO_LARGE)],
      ['not message/rfc822', new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE)],
      ['a forbidden attachment', new AppError(ErrorCode.ATTACHMENT_TYPE_NOT_ALLOWED)],
      ['an attachment too large', new AppError(ErrorCode.ATTACHMENT_TOO_LARGE)],
      ['too many attachments', new AppError(ErrorCode.ATTACHMENT_LIMIT_EXCEEDED)],
    ])('%s', (_name, error) => {
      expect(classifyIntakeFailure(error)).toBe('permanent');
      expect(isPermanentIntakeFailure(error)).toBe(true);
    });
  });

  describe("the caller's credentials or rights are the caller's", () => {
    it.each([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.CHANNEL_NOT_ALLOWED])(
      '%s',
      (code) => {
        expect(classifyIntakeFailure(new AppError(code))).toBe('caller');
        expect(isPermanentIntakeFailure(new AppError(code))).toBe(false);
      },
    );
  });

  describe('anything that may succeed later is transient', () => {
    it.each<[string, unknown]>([
      ['the database unreachable', pgError('08006', 'connection failure')],
      ['the connection dropped', new Error('Connection terminated unexpectedly')],
      ['a deadlock', pgError('40P01', 'deadlock detected')],
      ['a serialization failure', pgError('40001', 'could not serialize access')],
      ['a lock timeout', pgError('55P03', 'canceling statement due to lock timeout')],
      ['a statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
      ['PostgreSQL shutting down', pgError('57P01', 'terminating connection due to shutdown')],
      ['this instance shutting down', new AppError(ErrorCode.SERVICE_UNAVAILABLE)],
      ['a calendar year missing', new AppError(ErrorCode.CALENDAR_YEAR_MISSING)],
      ['a rate limit', new AppError(ErrorCode.RATE_LIMITED)],
      ['reference data gone meanwhile', new AppError(ErrorCode.DEPARTMENT_NOT_FOUND)],
      ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
      ['a rejection without an error', undefined],
      ['a thrown string', 'boom'],
    ])('%s', (_name, error) => {
      expect(classifyIntakeFailure(error)).toBe('transient');
      expect(isPermanentIntakeFailure(error)).toBe(false);
    });
  });

  it('classifies every code, permanent ones as client errors and every 5xx as transient', () => {
    for (const code of Object.values(ErrorCode)) {
      const kind = classifyIntakeFailure(new AppError(code));
      const { status } = describeErrorCode(code);
      if (kind !== 'transient') expect([code, status < 500]).toEqual([code, true]);
      if (status >= 500) expect([code, kind]).toEqual([code, 'transient']);
    }
  });
});

describe('intakeFailureSummary', () => {
  it('names the code and the failing fields, never their messages', () => {
    const sut = intakeFailureSummary(
      AppError.validation([{ field: 'text', code: 'TOO_LONG', message: 'Иванов пишет' }]),
    );
    expect(sut).toBe('VALIDATION_FAILED (text:TOO_LONG)');
  });

  it('names a driver error by its SQLSTATE, not its message (which may quote values)', () => {
    expect(intakeFailureSummary(pgError('40P01', 'deadlock on «Иванов»'))).toBe(
      'QueryFailedError 40P01',
    );
  });

  it('names a socket error by its code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(intakeFailureSummary(refused)).toBe('Error ECONNREFUSED');
  });

  it('names any other error by its name only', () => {
    expect(intakeFailureSummary(new Error('Иванов'))).toBe('Error');
    expect(intakeFailureSummary(undefined)).toBe('unknown');
  });
});
