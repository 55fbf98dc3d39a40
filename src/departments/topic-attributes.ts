import type { FieldError } from '../common/errors/app-error';

/**
 * A topic's extra fields (issue 22, item 5; Open311 calls them service attributes): a website
 * renders one form per topic from them, and `POST /appeals` checks `attributes` against them
 * (rules/topic-attributes.rule.ts). Stored as jsonb on the topic, so the topic cache carries them.
 */
export const ATTRIBUTE_TYPES = ['string', 'number', 'date', 'boolean', 'enum'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeOption {
  /** What the form sends and the appeal stores. */
  value: string;
  /** What the form shows and the journal prints. */
  label: string;
}

export interface TopicAttribute {
  code: string;
  label: string;
  type: AttributeType;
  required: boolean;
  /** Only for `enum`, and then at least one. */
  options?: AttributeOption[];
  help?: string;
}

/** A value as an appeal stores it: normalised to its type (a date as `YYYY-MM-DD`). */
export type AttributeValue = string | number | boolean;

/** Codes are keys of the appeal's jsonb and of `attr.<code>` query parameters. */
export const ATTRIBUTE_CODE = /^[a-z][a-z0-9_]{0,39}$/;
export const OPTION_VALUE = /^[a-z0-9][a-z0-9_]{0,39}$/;
export const MAX_ATTRIBUTES = 30;
export const MAX_OPTIONS = 50;
export const MAX_LABEL = 200;
export const MAX_HELP = 1000;

const issue = (field: string, code: string, message: string): FieldError => ({
  field,
  code,
  message,
});

/**
 * What the DTO's per-field constraints cannot see: codes unique within the topic, options given
 * for an enum and only for an enum, option values unique within their attribute.
 */
export function checkTopicAttributes(defs: TopicAttribute[], prefix = 'attributes'): FieldError[] {
  const out: FieldError[] = [];
  const codes = new Set<string>();
  defs.forEach((d, i) => {
    const at = `${prefix}[${i}]`;
    if (codes.has(d.code)) {
      out.push(issue(`${at}.code`, 'NOT_UNIQUE', `Код «${d.code}» уже есть у этой тематики`));
    }
    codes.add(d.code);
    const options = d.options ?? [];
    if (d.type === 'enum' && options.length === 0) {
      out.push(issue(`${at}.options`, 'REQUIRED', 'Для списка (enum) укажите варианты'));
    }
    if (d.type !== 'enum' && d.options !== undefined) {
      out.push(
        issue(`${at}.options`, 'NOT_ALLOWED', 'Варианты допустимы только для списка (enum)'),
      );
    }
    const values = new Set<string>();
    options.forEach((o, j) => {
      if (values.has(o.value)) {
        out.push(issue(`${at}.options[${j}].value`, 'NOT_UNIQUE', `Вариант «${o.value}» уже есть`));
      }
      values.add(o.value);
    });
  });
  return out;
}

/** Definitions as stored: labels and help trimmed, `required` explicit, no empty help. */
export function normalizeTopicAttributes(defs: TopicAttribute[]): TopicAttribute[] {
  return defs.map((d) => ({
    code: d.code,
    label: d.label.trim(),
    type: d.type,
    required: d.required ?? false,
    ...(d.type === 'enum'
      ? { options: (d.options ?? []).map((o) => ({ value: o.value, label: o.label.trim() })) }
      : {}),
    ...(d.help?.trim() ? { help: d.help.trim() } : {}),
  }));
}

const show = (def: TopicAttribute | undefined, value: unknown): string => {
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (def?.type === 'enum') {
    const option = def.options?.find((o) => o.value === value);
    if (option) return option.label;
  }
  return String(value);
};

/**
 * «label: value; …» for the registration journal's «Дополнительные сведения»: in the order the
 * topic defines them, options by their label; a value the topic no longer defines under its code.
 */
export function describeAttributes(
  defs: TopicAttribute[] | null | undefined,
  values: Record<string, unknown> | null | undefined,
): string | null {
  if (!values) return null;
  const byCode = new Map((defs ?? []).map((d) => [d.code, d]));
  const codes = [
    ...(defs ?? []).map((d) => d.code).filter((c) => Object.hasOwn(values, c)),
    ...Object.keys(values).filter((c) => !byCode.has(c)),
  ];
  const parts = codes
    .filter((c) => values[c] !== null && values[c] !== undefined)
    .map((c) => `${byCode.get(c)?.label ?? c}: ${show(byCode.get(c), values[c])}`);
  return parts.length > 0 ? parts.join('; ') : null;
}
