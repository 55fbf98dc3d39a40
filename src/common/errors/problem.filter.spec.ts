import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { AppError } from './app-error';
import { ErrorCode, describeErrorCode } from './error-codes';
import { problemBody, safeErrorForLog, toAppError as sut } from './problem.filter';

describe('problem+json mapping', () => {
  it('maps every error code to an HTTP status and a Russian title', () => {
    for (const code of Object.values(ErrorCode)) {
      const { status, title } = describeErrorCode(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(title).toMatch(/[А-Яа-яё]/);
    }
  });

  it('maps body-parser errors to stable codes', () => {
    expect(sut({ type: 'entity.parse.failed', status: 400 }).code).toBe(ErrorCode.MALFORMED_JSON);
    expect(sut({ type: 'entity.too.large', status: 413 }).code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('maps framework HTTP exceptions', () => {
    expect(sut(new NotFoundException()).code).toBe(ErrorCode.NOT_FOUND);
    expect(sut(new PayloadTooLargeException()).code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    expect(sut(new BadRequestException('x')).code).toBe(ErrorCode.BAD_REQUEST);
  });

  it('hides unexpected errors behind INTERNAL_ERROR without their message', () => {
    const e = sut(new Error('relation "secret_table" does not exist'));
    expect(e.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(JSON.stringify(problemBody(e, 'r1'))).not.toContain('secret_table');
  });

  it('builds an RFC 9457 body with code, field errors and request id', () => {
    const body = problemBody(
      AppError.validation([{ field: 'text', code: 'REQUIRED', message: 'Изложите суть' }]),
      'req-1',
    );
    expect(body).toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      title: expect.any(String),
      detail: expect.stringContaining('text'),
      errors: [{ field: 'text', code: 'REQUIRED', message: 'Изложите суть' }],
      requestId: 'req-1',
    });
    expect(body.type).toMatch(/^https:\/\/.+validation-failed$/);
  });

  it('logs a failed query without its parameters', () => {
    const e = Object.assign(new Error('insert into appeals … Иванов'), {
      name: 'QueryFailedError',
      parameters: ['Иванов', 'ivanov@example.ru'],
      driverError: {
        code: '23505',
        constraint: 'uq',
        table: 'appeals',
        detail: 'Key (email)=(ivanov@example.ru)',
      },
    });
    const logged = JSON.stringify(safeErrorForLog(e));
    expect(logged).toContain('23505');
    expect(logged).not.toContain('ivanov@example.ru');
    expect(logged).not.toContain('Иванов');
  });

  it('translates multer errors into MALFORMED_MULTIPART', () => {
    const e = sut(new BadRequestException('Too many files'));
    expect(e.code).toBe(ErrorCode.MALFORMED_MULTIPART);
    expect(e.detail).toMatch(/[а-я]/);
  });
});
