/** Normalisation of what people type: used at intake and by lookups alike. */

/** Trimmed; blank → null. */
export function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** Names: trimmed, inner whitespace collapsed. */
export function cleanName(value: string | null | undefined): string | null {
  const c = clean(value);
  return c === null ? null : c.replace(/\s+/g, ' ');
}

export function normalizeEmail(value: string | null | undefined): string | null {
  const c = clean(value);
  return c === null ? null : c.toLowerCase();
}

/** «12-345 678/9», «12345 6789» → «123456789»; letters upper-cased, ё → е. */
export function normalizeAccountNumber(value: string | null | undefined): string | null {
  const c = clean(value);
  if (c === null) return null;
  const n = c
    .toUpperCase()
    .replace(/Ё/g, 'Е')
    .replace(/[\s\-–—./\\_№#]/g, '');
  return n === '' ? null : n;
}

const yo = (s: string): string => s.replace(/ё/g, 'е').replace(/Ё/g, 'Е');

/** Lower-case, ё → е, punctuation and quotes dropped, whitespace collapsed. */
export function normalizeKey(value: string | null | undefined): string | null {
  const c = clean(value);
  if (c === null) return null;
  const n = yo(c.toLowerCase())
    .replace(/[«»"'`.,;:()№#/\\-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return n === '' ? null : n;
}

// Whole words only (\b does not work for Cyrillic in JS regexes).
const ADDRESS_WORDS: Record<string, string> = {
  улица: 'ул',
  проспект: 'пр',
  переулок: 'пер',
  город: 'г',
  дом: 'д',
  корпус: 'корп',
  строение: 'стр',
  квартира: 'кв',
};

/** Addresses compared loosely: «ул. Садовая, дом 1, кв. 2» = «улица Садовая д 1 квартира 2». */
export function normalizeAddress(value: string | null | undefined): string | null {
  const n = normalizeKey(value);
  if (n === null) return null;
  return n
    .split(' ')
    .map((w) => ADDRESS_WORDS[w] ?? w)
    .join(' ');
}

/** The applicant's name as one key: «Иванов Пётр Сергеевич» or the organisation's name. */
export function normalizeApplicantName(a: {
  type: string;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  organizationName: string | null;
}): string | null {
  if (a.type === 'legal_entity') return normalizeKey(a.organizationName);
  if (!a.lastName) return null;
  return normalizeKey([a.lastName, a.firstName, a.middleName].filter(Boolean).join(' '));
}
