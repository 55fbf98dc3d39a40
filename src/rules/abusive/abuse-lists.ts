import { normalizeEntry } from './lexicon';

/**
 * The administrators' allow and deny lists for the `abusive` rule (table `abusive_terms`,
 * `/rules/abusive/terms`): a deny term is flagged like a lexicon word, an allow term is never
 * flagged on its own, so a miss or a false alarm can be fixed without a release.
 */
export type AbuseListKind = 'allow' | 'deny';

export interface AbuseListTerm {
  term: string;
  list: AbuseListKind;
}

/** One word of Cyrillic letters (hyphens inside allowed), optionally ending in «*». */
export const TERM_PATTERN = /^[а-яё]+(?:-[а-яё]+)*\*?$/i;
/** A stem with «*» needs this many letters, so that «ху*» cannot allow or deny half the text. */
export const MIN_STEM = 3;

/**
 * The detector's normal form of a term: lower case, ё→е, hyphens dropped, doubled letters
 * collapsed; a trailing «*» is kept and means «any ending». «Дармоед*» → «дармоед*».
 */
export function normalizeTerm(term: string): string {
  const t = term.trim();
  const stem = t.endsWith('*');
  return normalizeEntry(t.replace(/\*$/, '').replace(/-/g, '')) + (stem ? '*' : '');
}

/** Is the term acceptable (see TERM_PATTERN and MIN_STEM)? */
export function isValidTerm(term: string): boolean {
  const t = term.trim();
  if (!TERM_PATTERN.test(t)) return false;
  const n = normalizeTerm(t);
  return n.endsWith('*') ? n.length - 1 >= MIN_STEM : n.length >= 2;
}

/** Lookups over the normalised terms; built once per change of the lists. */
export class AbuseLists {
  static readonly EMPTY = new AbuseLists([]);

  readonly empty: boolean;
  private readonly allowWords = new Set<string>();
  private readonly allowStems = new Set<string>();
  private readonly denyWords = new Map<string, string>();
  private readonly denyStems = new Map<string, string>();

  constructor(terms: readonly AbuseListTerm[]) {
    for (const { term, list } of terms) {
      const n = normalizeTerm(term);
      const stem = n.endsWith('*');
      const key = stem ? n.slice(0, -1) : n;
      if (list === 'allow') (stem ? this.allowStems : this.allowWords).add(key);
      else (stem ? this.denyStems : this.denyWords).set(key, term.trim());
    }
    this.empty = terms.length === 0;
  }

  /** Is a normalised word on the allow list? */
  allows(word: string): boolean {
    if (this.empty) return false;
    return this.allowWords.has(word) || hasStem(this.allowStems, word);
  }

  /** The deny term (as the administrator wrote it) that a normalised word matches, if any. */
  denied(word: string): string | undefined {
    if (this.empty) return undefined;
    return this.denyWords.get(word) ?? stemValue(this.denyStems, word);
  }
}

function hasStem(stems: ReadonlySet<string>, word: string): boolean {
  if (stems.size === 0) return false;
  for (let n = MIN_STEM; n <= word.length; n++) if (stems.has(word.slice(0, n))) return true;
  return false;
}

function stemValue(stems: ReadonlyMap<string, string>, word: string): string | undefined {
  if (stems.size === 0) return undefined;
  for (let n = MIN_STEM; n <= word.length; n++) {
    const v = stems.get(word.slice(0, n));
    if (v !== undefined) return v;
  }
  return undefined;
}
