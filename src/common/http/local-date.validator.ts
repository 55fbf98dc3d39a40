import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isLocalDate } from '../time/local-date';

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `YYYY-MM-DD` value that is a real date (2026-02-30 is not). Pair it with the `Matches` that
 * checks the shape (INVALID_FORMAT); this one only speaks for well-shaped values (INVALID_DATE),
 * which would otherwise reach PostgreSQL's date cast and fail there as a 500.
 */
export function IsExistingDate(opts?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isExistingDate',
      validator: {
        validate: (v: unknown) => typeof v !== 'string' || !SHAPE.test(v) || isLocalDate(v),
        defaultMessage: () => 'Несуществующая дата',
      },
    },
    opts,
  );
}
