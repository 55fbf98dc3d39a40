import type { FieldError } from '../common/errors/app-error';
import { ATTRIBUTE_CODE, type AttributeValue } from '../departments/topic-attributes';

export const MAX_ATTRIBUTE_FILTERS = 10;
const MAX_FILTER_VALUE = 1000;
const DECIMAL = /^-?\d{1,15}(?:[.,]\d{1,10})?$/;

export interface AttributeFilter {
  code: string;
  /** jsonb objects for `attributes @> $n`: any of them matches (a query string has no types). */
  candidates: Record<string, AttributeValue>[];
}

/**
 * `GET /appeals?attr.<code>=value` (issue 22): one containment per filter, served by the GIN
 * index on `appeals.attributes`. The query has no types and the filter no topic, so a value that
 * reads as a number or a boolean also matches the typed value the appeal stores.
 */
export function attributeFilters(attr: Record<string, unknown> | undefined): {
  filters: AttributeFilter[];
  errors: FieldError[];
} {
  const filters: AttributeFilter[] = [];
  const errors: FieldError[] = [];
  const entries = Object.entries(attr ?? {});
  if (entries.length > MAX_ATTRIBUTE_FILTERS) {
    errors.push({
      field: 'attr',
      code: 'TOO_MANY',
      message: `Не больше ${MAX_ATTRIBUTE_FILTERS} фильтров по дополнительным полям`,
    });
    return { filters, errors };
  }
  for (const [code, value] of entries) {
    const field = `attr.${code}`;
    if (!ATTRIBUTE_CODE.test(code)) {
      errors.push({
        field,
        code: 'INVALID_FORMAT',
        message: 'Код поля: строчные латинские буквы, цифры и _, с буквы, до 40 символов',
      });
    } else if (typeof value !== 'string') {
      errors.push({ field, code: 'INVALID_TYPE', message: 'Ожидается одно значение' });
    } else if (value.length > MAX_FILTER_VALUE) {
      errors.push({ field, code: 'TOO_LONG', message: 'Слишком длинное значение' });
    } else {
      const text = value.trim();
      const candidates: Record<string, AttributeValue>[] = [{ [code]: text }];
      if (DECIMAL.test(text)) candidates.push({ [code]: Number(text.replace(',', '.')) });
      if (text === 'true' || text === 'false') candidates.push({ [code]: text === 'true' });
      filters.push({ code, candidates });
    }
  }
  return { filters, errors };
}
