import type { FieldError } from '../common/errors/app-error';
import { isLocalDate } from '../common/time/local-date';
import type { AttributeValue, TopicAttribute } from '../departments/topic-attributes';

/** The longest text a `string` attribute holds (a form field, not the appeal's text). */
export const MAX_ATTRIBUTE_TEXT = 1000;

// A plain decimal, with a point or the Russian comma; no exponents, no thousands separators.
const DECIMAL = /^-?\d{1,15}(?:[.,]\d{1,10})?$/;

export interface AttributesVerdict {
  /** The valid values, normalised to their type. */
  values: Record<string, AttributeValue>;
  /** What failed, as given: a paper letter's content is kept even when a field is wrong. */
  invalid: Record<string, unknown>;
  /** One per failing attribute (`attributes.<code>`), in the topic's order, unknown codes last. */
  issues: FieldError[];
}

type Parsed = { ok: true; value: AttributeValue } | { ok: false; code: string; message: string };

const fail = (code: string, message: string): Parsed => ({ ok: false, code, message });

function parse(def: TopicAttribute, raw: unknown): Parsed {
  const name = `«${def.label}»`;
  switch (def.type) {
    case 'string': {
      if (typeof raw !== 'string') return fail('INVALID_TYPE', `${name}: ожидается текст`);
      const text = raw.trim();
      if (text.length > MAX_ATTRIBUTE_TEXT) {
        return fail('TOO_LONG', `${name}: не длиннее ${MAX_ATTRIBUTE_TEXT} символов`);
      }
      return { ok: true, value: text };
    }
    case 'number': {
      if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: raw };
      if (typeof raw === 'string' && DECIMAL.test(raw.trim())) {
        return { ok: true, value: Number(raw.trim().replace(',', '.')) };
      }
      return fail('INVALID_NUMBER', `${name}: ожидается число`);
    }
    case 'date':
      return typeof raw === 'string' && isLocalDate(raw.trim())
        ? { ok: true, value: raw.trim() }
        : fail('INVALID_DATE', `${name}: ожидается существующая дата в формате ГГГГ-ММ-ДД`);
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return fail('INVALID_BOOLEAN', `${name}: ожидается true или false`);
    case 'enum': {
      const options = def.options ?? [];
      const value = typeof raw === 'string' ? raw.trim() : raw;
      return options.some((o) => o.value === value)
        ? { ok: true, value: value as string }
        : fail(
            'INVALID_OPTION',
            `${name}: выберите одно из значений: ${options.map((o) => o.value).join(', ')}`,
          );
    }
    default: {
      const never: never = def.type;
      return fail('INVALID_TYPE', `${name}: неизвестный тип ${String(never)}`);
    }
  }
}

const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * An appeal's `attributes` against its topic's definitions (issue 22, item 5). Pure: the caller
 * decides by the channel's mode whether the issues are a 422 (interactive) or are registered as
 * validationIssues (physical, 59-ФЗ ст. 8 ч. 2), as for the mandatory fields.
 */
export function checkAttributes(
  defs: readonly TopicAttribute[],
  given: Record<string, unknown>,
): AttributesVerdict {
  const verdict: AttributesVerdict = { values: {}, invalid: {}, issues: [] };
  for (const def of defs) {
    const raw = given[def.code];
    const field = `attributes.${def.code}`;
    if (isBlank(raw)) {
      if (def.required) {
        verdict.issues.push({ field, code: 'REQUIRED', message: `Укажите: ${def.label}` });
      }
      continue;
    }
    const parsed = parse(def, raw);
    if (parsed.ok) {
      verdict.values[def.code] = parsed.value;
    } else {
      verdict.issues.push({ field, code: parsed.code, message: parsed.message });
      verdict.invalid[def.code] = raw;
    }
  }
  const known = new Set(defs.map((d) => d.code));
  for (const [code, raw] of Object.entries(given)) {
    if (known.has(code)) continue;
    verdict.issues.push({
      field: `attributes.${code}`,
      code: 'UNKNOWN_ATTRIBUTE',
      message: `У тематики обращения нет поля «${code}»`,
    });
    verdict.invalid[code] = raw;
  }
  return verdict;
}

/** The values a body gave, without the empty ones (null: «not given», as an absent key). */
export function givenAttributes(
  raw: Record<string, AttributeValue | null> | null | undefined,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [code, value] of Object.entries(raw ?? {})) {
    if (value !== null && value !== undefined) out[code] = value;
  }
  return out;
}
