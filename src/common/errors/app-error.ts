import { ErrorCode } from './error-codes';

/** One field-level problem, as listed in a 422 answer. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** The only error type the application throws on purpose; the filter maps it to problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Russian, human-readable, specific to this occurrence; defaults to the code's title. */
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extras?: Record<string, unknown>,
  ) {
    super(detail ?? code);
    this.name = 'AppError';
  }

  static validation(errors: FieldError[], detail?: string): AppError {
    return new AppError(
      ErrorCode.VALIDATION_FAILED,
      detail ?? `Проверку не прошли поля: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    );
  }
}
