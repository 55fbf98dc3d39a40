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
