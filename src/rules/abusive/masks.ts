import { F_SYMBOL, type Alts } from './characters';
import type { Elem } from './units';

/**
 * Masked words («х*й», «п***ц», «д*рмоеды»): a word as letters and masked gaps, and whether such
 * a word fits a form of the lexicon.
 */

/** What a single star usually hides: a vowel (х*й, п*здец, д*рмоеды, ж*па). */
export const MASKED_VOWELS: readonly string[] = [...'аеиоуыэюяй'];

export type MaskItem = { alts: Alts; wild: boolean } | { min: number; max: number; masks: number };

/** Letters and gaps; hyphens dropped, a repeated letter collapsed; symbols may be masks. */
export function maskItems(elems: readonly Elem[]): MaskItem[] {
  const items: MaskItem[] = [];
  for (const x of elems) {
    if (x.t === 'letter') {
      const wild = (x.flags & F_SYMBOL) !== 0;
      const last = items[items.length - 1];
      const repeat =
        last !== undefined &&
        'alts' in last &&
        !wild &&
        !last.wild &&
        last.alts.length === 1 &&
        x.alts.length === 1 &&
        last.alts[0] === x.alts[0];
      if (!repeat) items.push({ alts: x.alts, wild });
    } else if (x.t === 'gap') {
      items.push({ min: x.min, max: x.max, masks: x.masks });
    }
  }
  return items;
}

/**
 * Does a masked word fit a lexicon form? In insults a run of k masks hides exactly k letters.
 * In мат, masked loosely («п***ц» for пиздец), two masks may hide two or three letters and three
 * or more masks one letter fewer or more. One mask always hides one letter, so «т**ь» fits no
 * four-letter insult and stays clean.
 */
export function fits(
  items: readonly MaskItem[],
  form: string,
  ii: number,
  si: number,
  loose: boolean,
): boolean {
  if (ii === items.length) return si === form.length;
  const it = items[ii];
  if ('alts' in it) {
    if (si >= form.length || !(it.wild || it.alts.includes(form[si]))) return false;
    return fits(items, form, ii + 1, si + 1, loose);
  }
  let { min, max } = it;
  if (loose && it.masks === 2) max = 3;
  if (loose && it.masks >= 3) {
    min = it.masks - 1;
    max = it.masks + 1;
  }
  for (let len = min; len <= max; len++) {
    if (si + len <= form.length && fits(items, form, ii + 1, si + len, loose)) return true;
  }
  return false;
}
