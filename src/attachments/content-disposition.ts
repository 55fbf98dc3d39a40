/**
 * `Content-Disposition: attachment` with the original name: an ASCII `filename` for old clients
 * (Cyrillic transliterated, anything else unsafe replaced) and the exact UTF-8 name in
 * `filename*` (RFC 6266, RFC 8187).
 */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

export function asciiFallback(name: string): string {
  const out = [...name]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const latin = TRANSLIT[lower];
      if (latin !== undefined) {
        return ch !== lower && latin ? latin[0].toUpperCase() + latin.slice(1) : latin;
      }
      // Printable ASCII except the quote and backslash, which would end or escape the string.
      return /^[\x20-\x7e]$/.test(ch) && ch !== '"' && ch !== '\\' ? ch : '_';
    })
    .join('');
  return out.trim() || 'file';
}

/** Percent-encodes everything outside RFC 8187's attr-char. */
export function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

// Passport-style transliteration (ICAO 9303), good enough for a fallback name.
// prettier-ignore
const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y', ь: '', э: 'e', ю: 'iu',
  я: 'ia',
};
