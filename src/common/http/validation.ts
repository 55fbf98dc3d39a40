import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError, type FieldError } from '../errors/app-error';
import { inputProblems } from './json-limits';
import { foldDottedQuery } from './dotted-query';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field-level code and Russian message per class-validator constraint. */
const CONSTRAINTS: Record<string, { code: string; message: string }> = {
  whitelistValidation: { code: 'UNKNOWN_FIELD', message: 'Неизвестное поле' },
  isDefined: { code: 'REQUIRED', message: 'Обязательное поле' },
  isNotEmpty: { code: 'REQUIRED', message: 'Обязательное поле' },
  isString: { code: 'INVALID_TYPE', message: 'Ожидается строка' },
  isBoolean: { code: 'INVALID_TYPE', message: 'Ожидается true или false' },
  isInt: { code: 'INVALID_TYPE', message: 'Ожидается целое число' },
  isNumber: { code: 'INVALID_TYPE', message: 'Ожидается число' },
  isArray: { code: 'INVALID_TYPE', message: 'Ожидается массив' },
  isObject: { code: 'INVALID_TYPE', message: 'Ожидается объект' },
  nestedValidation: { code: 'INVALID_TYPE', message: 'Ожидается объект' },
  isEmail: { code: 'INVALID_EMAIL', message: 'Некорректный адрес электронной почты' },
  isIn: { code: 'INVALID_VALUE', message: 'Недопустимое значение' },
  isEnum: { code: 'INVALID_VALUE', message: 'Недопустимое значение' },
  isUuid: { code: 'INVALID_UUID', message: 'Ожидается идентификатор UUID' },
  isDateString: { code: 'INVALID_DATE', message: 'Ожидается дата в формате ISO 8601' },
  isIso8601: { code: 'INVALID_DATE', message: 'Ожидается дата в формате ISO 8601' },
  maxLength: { code: 'TOO_LONG', message: 'Слишком длинное значение' },
  minLength: { code: 'TOO_SHORT', message: 'Слишком короткое значение' },
  arrayMaxSize: { code: 'TOO_MANY', message: 'Слишком много элементов' },
  arrayMinSize: { code: 'TOO_FEW', message: 'Слишком мало элементов' },
  arrayUnique: { code: 'NOT_UNIQUE', message: 'Элементы не должны повторяться' },
  max: { code: 'TOO_LARGE', message: 'Слишком большое значение' },
  min: { code: 'TOO_SMALL', message: 'Слишком маленькое значение' },
  matches: { code: 'INVALID_FORMAT', message: 'Неверный формат' },
  isExistingDate: { code: 'INVALID_DATE', message: 'Несуществующая дата' },
};

const hasCyrillic = (s: string): boolean => /[а-яё]/i.test(s);

function fieldPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = fieldPath(parent, e.property);
    for (const [name, text] of Object.entries(e.constraints ?? {})) {
      const known = CONSTRAINTS[name] ?? { code: 'INVALID', message: 'Недопустимое значение' };
      out.push({ field, code: known.code, message: hasCyrillic(text) ? text : known.message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

const notAnObject = (field: string): FieldError => ({
  field,
  code: 'INVALID_TYPE',
  message: 'Ожидается JSON-объект',
});

/**
 * Nest's pipe, preceded by what it does not check: a body that is not a JSON object (an array
 * would be validated item by item, with fields named `[0]`), and strings, keys and nesting that
 * no DTO constraint sees (inputProblems). An absent body stays the pipe's business.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      if (
        metadata.type === 'body' &&
        value !== undefined &&
        (typeof value !== 'object' || value === null || Array.isArray(value))
      ) {
        throw AppError.validation([notAnObject('body')]);
      }
      const problems = inputProblems(value, metadata.data ?? '');
      if (problems.length > 0) throw AppError.validation(problems);
      // `attr.<code>=` of GET /appeals (issue 22): `a.b` keys become an object `a`.
      if (metadata.type === 'query' && !metadata.data && isPlainObject(value)) {
        value = foldDottedQuery(value);
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Unknown fields are rejected; every failing field is listed at once with a stable code. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
  });
}

/** Validates a plain object against a DTO class outside the pipe (multipart parts, import items). */
export async function validateBody<T extends object>(
  cls: new () => T,
  plain: unknown,
  fieldPrefix = '',
): Promise<{ value: T; errors: FieldError[] }> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { value: new cls(), errors: [notAnObject(fieldPrefix || 'body')] };
  }
  // Before class-transformer, which recurses and silently drops prototype keys.
  const problems = inputProblems(plain, fieldPrefix);
  if (problems.length > 0) return { value: new cls(), errors: problems };
  const value = plainToInstance(cls, plain);
  const errors = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  return { value, errors: flattenValidationErrors(errors, fieldPrefix) };
}
