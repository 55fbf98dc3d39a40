/**
 * The spellings people use to slip a word past a filter, applied to one word of the evaluation
 * set. Each returns null when it does not apply (no «ё» to drop, no letter a digit stands for).
 */

const LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  к: 'k',
};
const DIGITS: Readonly<Record<string, string>> = { о: '0', з: '3', б: '6', ч: '4' };
const VOWELS = 'аеёиоуыэюя';

const letters = (w: string): string[] => [...w.replace(/-/g, '')];
const mapped = (w: string, table: Readonly<Record<string, string>>): string | null => {
  const out = [...w].map((c) => table[c] ?? c).join('');
  return out === w ? null : out;
};

export const DISGUISES: Readonly<Record<string, (w: string) => string | null>> = {
  plain: (w) => w,
  upper: (w) => w.toUpperCase(),
  'е for ё': (w) => (w.includes('ё') ? w.replace(/ё/g, 'е') : null),
  'Latin look-alikes': (w) => mapped(w, LATIN),
  digits: (w) => mapped(w, DIGITS),
  'letters spaced': (w) => letters(w).join(' '),
  'letters hyphenated': (w) => letters(w).join('-'),
  'letters dotted': (w) => letters(w).join('.'),
  'letters with underscores': (w) => letters(w).join('_'),
  'letters with slashes': (w) => letters(w).join('/'),
  'a vowel stretched': (w) => {
    const i = [...w].findIndex((c) => VOWELS.includes(c));
    return i < 0 ? null : w.slice(0, i + 1) + w[i].repeat(3) + w.slice(i + 1);
  },
  'a vowel masked': (w) => {
    const i = [...w].findIndex((c, k) => k > 0 && VOWELS.includes(c));
    return i < 0 || w.length < 4 ? null : `${w.slice(0, i)}*${w.slice(i + 1)}`;
  },
};

/** Every applicable disguise of a word, put into its frame. */
export function disguised(word: string, frame = '{}'): { disguise: string; text: string }[] {
  const out: { disguise: string; text: string }[] = [];
  for (const [disguise, f] of Object.entries(DISGUISES)) {
    const w = f(word);
    if (w !== null) out.push({ disguise, text: frame.replace('{}', w) });
  }
  return out;
}
