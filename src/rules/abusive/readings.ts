import { normalizeEntry } from './lexicon';
import type { Letter } from './units';

/**
 * Readings of a word: every combination of its letters' alternatives (only Latin b, g, h, n, r,
 * u have several), with repeated letters collapsed («сууукааа» → «сука»); and transliteration
 * of an all-Latin word («blyat»).
 */

const MAX_AMBIGUOUS = 3;

export function readings(letters: readonly Letter[]): string[] {
  const ambiguous = letters.reduce((n, l) => n + (l.alts.length > 1 ? 1 : 0), 0);
  // Arrays of chars: reading the last char of a long concatenated string is not O(1).
  let acc: { chars: string[]; last: string }[] = [{ chars: [], last: '' }];
  for (const l of letters) {
    const use = ambiguous > MAX_AMBIGUOUS ? l.alts.slice(0, 1) : l.alts;
    const next: { chars: string[]; last: string }[] = [];
    for (const r of acc) {
      for (let a = 0; a < use.length; a++) {
        const c = use[a];
        // The last alternative extends the array in place, the others take a copy first.
        const chars = a === use.length - 1 ? r.chars : r.chars.slice();
        if (c !== r.last) chars.push(c);
        next.push({ chars, last: c });
      }
    }
    acc = next;
  }
  return acc.map((r) => r.chars.join(''));
}

const TRANSLIT_TOKEN = /shch|sch|zh|kh|ch|sh|ts|ya|ja|yu|ju|yo|jo|ye|je|./g;
const TRANSLIT: Record<string, string> = {
  shch: 'щ',
  sch: 'щ',
  zh: 'ж',
  kh: 'х',
  ch: 'ч',
  sh: 'ш',
  ts: 'ц',
  ya: 'я',
  ja: 'я',
  yu: 'ю',
  ju: 'ю',
  yo: 'е',
  jo: 'е',
  ye: 'е',
  je: 'е',
  a: 'а',
  b: 'б',
  c: 'ц',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  j: 'й',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  q: 'к',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  w: 'в',
  x: 'кс',
  z: 'з',
  '0': 'о',
  '3': 'з',
  '4': 'ч',
  '6': 'б',
  '9': 'я',
  '@': 'а',
  $: 'с',
};
const LATIN_VOWELS = new Set('aeiouy');

/** «blyat» → «блят», «nahuy» → «нахуй»; y after a vowel is й, otherwise ы. */
export function transliterate(latin: string): string {
  return normalizeEntry(
    latin.replace(TRANSLIT_TOKEN, (m: string, offset: number) =>
      m === 'y' ? (LATIN_VOWELS.has(latin[offset - 1] ?? '') ? 'й' : 'ы') : (TRANSLIT[m] ?? ''),
    ),
  );
}
