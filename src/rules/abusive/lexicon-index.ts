import {
  CONTEXT_INSULTS,
  INSULT_PHRASES,
  INSULT_WORDS,
  MASKABLE_INSULT_TERMS,
  MASKABLE_OBSCENE,
  MASKABLE_VULGAR,
  OBSCENE_ROOTS,
  OBSCENE_WORDS,
  THREAT_PHRASES,
  TRANSLIT_EXTRA_FORMS,
  VULGAR_ROOTS,
  VULGAR_WORDS,
  normalizeEntry,
  type AbuseCategory,
  type ContextEntry,
  type Guard,
  type WordEntry,
} from './lexicon';

/** Indexes over the lexicon (lexicon.ts), built once at load: hash lookups per word. */

/** What a word or phrase of the text matched. */
export interface Hit {
  category: AbuseCategory;
  term: string;
  normalized: string;
}

/** Obscene roots first: «распиздяй» is мат before it is anything else. */
export const ROOTS = [...OBSCENE_ROOTS, ...VULGAR_ROOTS];
/** One unanchored test that every root needs to pass before its own pattern is tried. */
export const ROOT_HINT = new RegExp(ROOTS.map((r) => r.hint).join('|'));

export const WORD_INDEX = new Map<string, WordEntry[]>();
for (const entry of [...OBSCENE_WORDS, ...VULGAR_WORDS, ...INSULT_WORDS]) {
  for (const form of entry.forms) {
    const key = normalizeEntry(form);
    WORD_INDEX.set(key, [...(WORD_INDEX.get(key) ?? []), entry]);
  }
}
export const CONTEXT_INDEX = new Map<string, { entry: ContextEntry; instrumental: boolean }>();
for (const entry of CONTEXT_INSULTS) {
  for (const form of entry.forms) {
    CONTEXT_INDEX.set(normalizeEntry(form), { entry, instrumental: false });
  }
  for (const form of entry.instrumental ?? []) {
    CONTEXT_INDEX.set(normalizeEntry(form), { entry, instrumental: true });
  }
}

export interface MaskForm {
  form: string;
  term: string;
  category: 'obscene' | 'vulgar' | 'insult';
  guard?: Guard;
}
/** Maskable forms by first letter. */
export const MASK_BUCKETS = new Map<string, MaskForm[]>();
const addMaskForm = (f: MaskForm): void => {
  MASK_BUCKETS.set(f.form[0], [...(MASK_BUCKETS.get(f.form[0]) ?? []), f]);
};
for (const { term, forms } of MASKABLE_OBSCENE) {
  for (const form of forms) addMaskForm({ form: normalizeEntry(form), term, category: 'obscene' });
}
for (const form of MASKABLE_VULGAR) {
  const n = normalizeEntry(form);
  const root = VULGAR_ROOTS.find((r) => r.pattern.test(n));
  const word = VULGAR_WORDS.find((w) => w.forms.map(normalizeEntry).includes(n));
  addMaskForm({ form: n, term: root?.term ?? word?.term ?? form, category: 'vulgar' });
}
for (const entry of INSULT_WORDS) {
  if (!MASKABLE_INSULT_TERMS.has(entry.term)) continue;
  // The dictionary form and the plural: «ид**т», «ид**ты», «тв*ри».
  const forms = [entry.forms[0], ...entry.forms.filter((f) => /[ыи]$/.test(f))];
  for (const form of forms) {
    addMaskForm({
      form: normalizeEntry(form),
      term: entry.term,
      category: 'insult',
      guard: entry.guard,
    });
  }
}

/** Complete words of the lexicon, to prefer them when a spelled-out run could be cut two ways. */
export const KNOWN_FORMS: ReadonlySet<string> = new Set([
  ...WORD_INDEX.keys(),
  ...[...MASK_BUCKETS.values()].flat().map((f) => f.form),
]);

/** What an all-Latin word may be read as: complete forms only. */
export const LATIN_FORMS: ReadonlySet<string> = new Set([
  ...KNOWN_FORMS,
  ...TRANSLIT_EXTRA_FORMS.map(normalizeEntry),
]);

export interface Phrase {
  words: string[];
  category: AbuseCategory;
}
export const PHRASE_INDEX = new Map<string, Phrase[]>();
for (const [category, phrases] of [
  ['threat', THREAT_PHRASES],
  ['insult', INSULT_PHRASES],
] as const) {
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    PHRASE_INDEX.set(words[0], [...(PHRASE_INDEX.get(words[0]) ?? []), { words, category }]);
  }
}
