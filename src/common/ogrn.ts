import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * ОГРН (13 digits) or ОГРНИП (15) with its check digit: the number without the last digit,
 * modulo 11 (ОГРН) or 13 (ОГРНИП), modulo 10 (Приказ ФНС России от 13.11.2012 № ММВ-7-6/843@,
 * the structure of the state registration number).
 */
export function isValidOgrn(value: string): boolean {
  if (!/^(\d{13}|\d{15})$/.test(value)) return false;
  const modulus = value.length === 13 ? 11n : 13n;
  return (BigInt(value.slice(0, -1)) % modulus) % 10n === BigInt(value.slice(-1));
}

/** class-validator decorator for isValidOgrn. */
export function IsOgrn(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOgrn',
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidOgrn(v) },
    },
    options,
  );
}
