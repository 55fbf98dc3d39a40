import { AppError, type FieldError } from '../errors/app-error';

/**
 * No body of this API nests deeper than 4 levels (an import item's answer); 32 leaves room and
 * keeps recursive code (class-transformer, class-validator, stable JSON for idempotency) far from
 * the stack limit. A 10,000-level body otherwise ends in a RangeError, i.e. a 500.
 */
export const MAX_JSON_DEPTH = 32;

export const tooDeep = (field: string): AppError =>
  AppError.validation([
    {
      field,
      code: 'TOO_DEEP',
      message: `Слишком глубокая вложенность JSON (больше ${MAX_JSON_DEPTH} уровней)`,
    },
  ]);

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text (a string, or its UTF-8 bytes) opens more than `max` objects/arrays at once.
 * One linear pass without recursion, before the text is parsed; brackets inside strings do not
 * count. Malformed text is left to the parser.
 */
export function jsonDepthExceeds(text: string | Uint8Array, max: number): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

// A NUL cannot be stored in a PostgreSQL text column (the insert fails: a 500); an unpaired
// surrogate has no UTF-8 form and would be stored as U+FFFD, i.e. silently altered.
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Keys that only ever appear in a body to reach an object's prototype. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Field errors for parsed input (a JSON body or a query) that no DTO constraint catches: strings
 * the database cannot hold as sent, prototype keys (class-transformer drops them silently, so the
 * whitelist never sees them), and nesting deeper than MAX_JSON_DEPTH. Iterative, so any depth is
 * safe to walk.
 */
export function inputProblems(value: unknown, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [
    { v: value, path: prefix, depth: 0 },
  ];
  while (stack.length > 0 && out.length < 50) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD_CHAR.test(v)) {
        out.push({
          field: path || 'body',
          code: 'INVALID_CHARACTER',
          message: 'Недопустимый символ: NUL (\\u0000) или непарный суррогат UTF-16',
        });
      }
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      out.push({
        field: path || 'body',
        code: 'TOO_DEEP',
        message: `Слишком глубокая вложенность JSON (больше ${MAX_JSON_DEPTH} уровней)`,
      });
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: childPath(path, i), depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const field = childPath(path, key);
      if (PROTOTYPE_KEYS.has(key) || BAD_CHAR.test(key)) {
        out.push({ field, code: 'UNKNOWN_FIELD', message: 'Неизвестное поле' });
        continue;
      }
      stack.push({ v: (v as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return out;
}
