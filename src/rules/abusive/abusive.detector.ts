import {
  ADDRESS_WORDS,
  ALLOWED_WORDS,
  CONTEXT_INSULTS,
  DEATH_WISH_MARKERS,
  DEATH_WISH_PAST,
  DEATH_WISH_TERM,
  HARM_VERBS,
  HUNT_VERBS,
  INSULT_WORDS,
  KILL_VERBS,
  LATIN_ALLOWED,
  MASKABLE_INSULT_TERMS,
  MASKABLE_OBSCENE,
  OBSCENE_ROOTS,
  OBSCENE_WORDS,
  THREAT_PHRASES,
  THREAT_TARGETS,
  TIME_WORDS,
  normalizeEntry,
  type AbuseCategory,
  type Guard,
  type WordEntry,
} from './lexicon';

export type { AbuseCategory } from './lexicon';

/** One abusive fragment of an appeal (59-ФЗ ст. 11 ч. 3). */
export interface AbuseFinding {
  category: AbuseCategory;
  /** The fragment as written in the text. */
  match: string;
  /** What it was read as once the obfuscation is undone. */
  normalized: string;
  /** The lexicon entry it matched. */
  term: string;
}

/**
 * Finds obscene language, insults and threats in the given texts (subject, body…). Pure and
 * linear in the length of the text: precompiled patterns and hash lookups only. Findings come
 * in text order; empty and missing texts are skipped.
 */
export function detectAbuse(texts: readonly (string | null | undefined)[]): AbuseFinding[] {
  const findings: AbuseFinding[] = [];
  for (const text of texts) {
    if (text) scanText(text, findings);
  }
  return findings;
}

const LABELS: Record<AbuseCategory, string> = {
  obscene: 'нецензурная лексика',
  insult: 'оскорбление',
  threat: 'угроза',
};
const CATEGORY_ORDER: readonly AbuseCategory[] = ['obscene', 'insult', 'threat'];
const MAX_SHOWN = 5;
const MAX_FRAGMENT = 40;

/**
 * A short Russian detail for the appeal's `checks` record, e.g.
 * «Нецензурная лексика: «х*й» (хуй); оскорбление: «идиоты»». Empty for no findings.
 */
export function describeAbuse(findings: readonly AbuseFinding[]): string {
  const parts: string[] = [];
  for (const category of CATEGORY_ORDER) {
    const seen = new Set<string>();
    const items: string[] = [];
    for (const f of findings) {
      if (f.category !== category) continue;
      const key = f.match.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const shown = clip(f.match);
      const plain = f.match.toLowerCase().replace(/ё/g, 'е');
      items.push(plain === f.normalized ? `«${shown}»` : `«${shown}» (${clip(f.normalized)})`);
    }
    if (items.length === 0) continue;
    const more = items.length - MAX_SHOWN;
    const list = items.slice(0, MAX_SHOWN).join(', ') + (more > 0 ? ` и ещё ${more}` : '');
    parts.push(`${LABELS[category]}: ${list}`);
  }
  const detail = parts.join('; ');
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

const clip = (s: string): string => (s.length > MAX_FRAGMENT ? `${s.slice(0, MAX_FRAGMENT)}…` : s);

// ---------------------------------------------------------------------------------------------
// Characters. Every "letter-like" character maps to the Cyrillic letters it may stand for.

type Alts = readonly string[];

const CHAR_ALTS = new Map<string, Alts>();
for (const c of 'абвгдежзийклмнопрстуфхцчшщъыьэюя') CHAR_ALTS.set(c, [c]);
for (const [from, to] of [
  // ё→е; Ukrainian/Belarusian letters used as look-alikes
  ['ё', 'е'],
  ['і', 'и'],
  ['ї', 'и'],
  ['є', 'е'],
  ['ў', 'у'],
  ['ґ', 'г'],
  // digits and symbols for letters: 6лядь, ху3, п@зд@, $ука
  ['0', 'о'],
  ['3', 'з'],
  ['4', 'ч'],
  ['6', 'б'],
  ['9', 'я'],
  ['@', 'а'],
  ['$', 'с'],
  ['€', 'е'],
  // Greek look-alikes
  ['α', 'а'],
  ['β', 'в'],
  ['ε', 'е'],
  ['η', 'п'],
  ['ι', 'и'],
  ['κ', 'к'],
  ['μ', 'м'],
  ['ο', 'о'],
  ['π', 'п'],
  ['ρ', 'р'],
  ['τ', 'т'],
  ['υ', 'у'],
  ['χ', 'х'],
  ['ω', 'ш'],
]) {
  CHAR_ALTS.set(from, [to]);
}
/** Latin inside a Cyrillic word: look-alikes first (xyй, cyкa), then transliteration. */
const LATIN_ALTS: Record<string, Alts> = {
  a: ['а'],
  b: ['б', 'в', 'ь'],
  c: ['с'],
  d: ['д'],
  e: ['е'],
  f: ['ф'],
  g: ['г', 'д'],
  h: ['н', 'х'],
  i: ['и'],
  j: ['й'],
  k: ['к'],
  l: ['л'],
  m: ['м'],
  n: ['п', 'н'],
  o: ['о'],
  p: ['р'],
  q: ['к'],
  r: ['г', 'р'],
  s: ['с'],
  t: ['т'],
  u: ['и', 'у'],
  v: ['в'],
  w: ['ш'],
  x: ['х'],
  y: ['у'],
  z: ['з'],
};
for (const [from, to] of Object.entries(LATIN_ALTS)) CHAR_ALTS.set(from, to);

/** Latin letters that look like Cyrillic ones: an all-Latin «cyka» or «xyu» is read visually. */
const VISUAL_LATIN = new Set('abcehkmnoprtuxy');
const CYRILLIC = /[а-яёіїєўґ]/;
const SYMBOL_LETTERS = new Set('@$€');
const LATIN = /[a-z]/;

/** Characters that hide a letter: х*й, х#й, х_й. */
const MASKS = new Set('*#%&?!+~^_');
/** Characters that may separate the letters of one word: б.л.я, по-хуй. */
const HYPHENS = new Set('-‐‑·•');
/** Invisible characters inserted into words. */
const IGNORABLE = /[\u00ad\u200b-\u200d\u2060\u0300-\u036f]/;

type Kind = 'letter' | 'mask' | 'dot' | 'hyphen' | 'ellipsis' | 'ignorable' | 'hard';

function kindOf(ch: string): Kind {
  if (CHAR_ALTS.has(ch)) return 'letter';
  if (ch === '.') return 'dot';
  if (MASKS.has(ch)) return 'mask';
  if (HYPHENS.has(ch)) return 'hyphen';
  if (ch === '…') return 'ellipsis';
  if (IGNORABLE.test(ch)) return 'ignorable';
  return 'hard';
}

const isSpace = (code: number): boolean =>
  code <= 32 ||
  code === 0x85 ||
  code === 0xa0 ||
  code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 ||
  code === 0x2029 ||
  code === 0x202f ||
  code === 0x205f ||
  code === 0x3000 ||
  code === 0xfeff;

// ---------------------------------------------------------------------------------------------
// Tokens. A text becomes a list of units (words) with their spans in the original text.

interface Letter {
  alts: Alts;
  /** A real letter, not a digit or a symbol standing for one. */
  genuine: boolean;
  /** «@», «$», «€»: a look-alike or a mask («п@зд@» is пизда, not «пазда»). */
  symbol: boolean;
  latin: boolean;
  source: string;
  start: number;
}
/** A masked stretch: «*» hides exactly one letter, «...» one to four. */
interface Gap {
  min: number;
  max: number;
  /** Number of mask characters; 0 for an ellipsis, whose length means nothing. */
  masks: number;
}
type Elem = { letter: Letter } | { gap: Gap } | { hyphen: number };

interface Unit {
  start: number;
  end: number;
  elems: Elem[];
  /** Lower case, first reading of each letter, no masks or hyphens, repeats collapsed. */
  primary: string;
  masked: boolean;
  /** All real letters are Latin. */
  latin: boolean;
  genuine: number;
  breakBefore: boolean;
  commaBefore: boolean;
}

const EMAIL = /^[^@]+@[^@]+\.[^@.]+\.?$/;
const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i;
const SENTENCE_BREAK = /[.!?;…\n]/;
const COMMA = /[,(){}[\]]/;
const SPACED_GAP = /^[\s.\-_*·]*$/;

function tokenize(text: string): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const rawStart = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    if (i > rawStart) splitRaw(text, rawStart, i, units);
  }
  for (let k = 1; k < units.length; k++) {
    const gap = text.slice(units[k - 1].end, units[k].start);
    units[k].breakBefore = SENTENCE_BREAK.test(gap);
    units[k].commaBefore = COMMA.test(gap);
  }
  return units;
}

/** A whitespace-delimited chunk: skip addresses, split on hard separators («идиоты,сволочи»). */
function splitRaw(text: string, start: number, end: number, out: Unit[]): void {
  const raw = text.slice(start, end);
  if (raw.includes('@') && EMAIL.test(raw.replace(/^[("«<']+|[)"»>',;:!?]+$/g, ''))) return;
  if (URL_START.test(raw)) return;
  let runStart = -1;
  for (let i = start; i <= end; i++) {
    const hard = i === end || kindOf(text[i].toLowerCase()) === 'hard';
    if (!hard && runStart < 0) runStart = i;
    if (hard && runStart >= 0) {
      buildUnits(text, runStart, i, out);
      runStart = -1;
    }
  }
}

/** Turns a run of word characters into elements, then into one or more units. */
function buildUnits(text: string, start: number, end: number, out: Unit[]): void {
  // The core runs from the first to the last letter: «тариф*», «(х*й)» lose their edges.
  let s = start;
  let e = end;
  while (s < e && kindOf(text[s].toLowerCase()) !== 'letter') s++;
  while (e > s && kindOf(text[e - 1].toLowerCase()) !== 'letter') e--;
  if (s >= e) return;

  const segments: { elems: Elem[]; start: number; end: number }[] = [];
  let elems: Elem[] = [];
  let segStart = s;
  let i = s;
  while (i < e) {
    const ch = text[i].toLowerCase();
    const kind = kindOf(ch);
    if (kind === 'letter') {
      const cyr = CYRILLIC.test(ch);
      const lat = LATIN.test(ch);
      elems.push({
        letter: {
          alts: CHAR_ALTS.get(ch) ?? [],
          genuine: cyr || lat,
          symbol: SYMBOL_LETTERS.has(ch),
          latin: lat,
          source: ch,
          start: i,
        },
      });
      i++;
    } else if (kind === 'mask') {
      let k = 0;
      while (i < e && (MASKS.has(text[i]) || IGNORABLE.test(text[i]))) {
        if (MASKS.has(text[i])) k++;
        i++;
      }
      elems.push({ gap: { min: k, max: k, masks: k } });
    } else if (kind === 'dot') {
      let k = 0;
      while (i < e && text[i] === '.') {
        k++;
        i++;
      }
      if (k >= 2) {
        // «х..й», «б...ь»: an ellipsis used as a mask, its length says nothing.
        elems.push({ gap: { min: 1, max: 4, masks: 0 } });
      } else {
        segments.push({ elems, start: segStart, end: i - 1 });
        elems = [];
        segStart = i;
      }
    } else if (kind === 'ellipsis') {
      elems.push({ gap: { min: 1, max: 4, masks: 0 } });
      i++;
    } else if (kind === 'hyphen') {
      elems.push({ hyphen: i });
      i++;
    } else {
      i++;
    }
  }
  segments.push({ elems, start: segStart, end: e });

  // «б.л.я.т.ь», «с.у.к.а», «т.е.»: one- or two-letter pieces are one word spelled out;
  // «ул.Херсонская» is two words.
  const pieces = segments.filter((seg) => seg.elems.some((x) => 'letter' in x));
  const spelled = pieces.length >= 2 && pieces.every((seg) => countLetters(seg.elems) <= 2);
  if (spelled) {
    out.push(
      makeUnit(
        pieces.flatMap((p) => p.elems),
        s,
        e,
      ),
    );
  } else {
    for (const p of pieces) {
      const first = firstLetterStart(p.elems);
      const last = lastLetterEnd(p.elems);
      out.push(makeUnit(p.elems, first, last));
    }
  }
}

const countLetters = (elems: readonly Elem[]): number =>
  elems.reduce((n, x) => n + ('letter' in x ? 1 : 0), 0);

function firstLetterStart(elems: readonly Elem[]): number {
  for (const x of elems) if ('letter' in x) return x.letter.start;
  return 0;
}

function lastLetterEnd(elems: readonly Elem[]): number {
  for (let k = elems.length - 1; k >= 0; k--) {
    const x = elems[k];
    if ('letter' in x) return x.letter.start + 1;
  }
  return 0;
}

function makeUnit(rawElems: readonly Elem[], start: number, end: number): Unit {
  // Trim gaps and hyphens left at the edges of a piece.
  let a = 0;
  let b = rawElems.length;
  while (a < b && !('letter' in rawElems[a])) a++;
  while (b > a && !('letter' in rawElems[b - 1])) b--;
  const elems = rawElems.slice(a, b);
  const primary: string[] = [];
  let lastChar = '';
  let genuine = 0;
  let latinLetters = 0;
  let cyrillicLetters = 0;
  let masked = false;
  for (const x of elems) {
    if ('letter' in x) {
      const c = x.letter.alts[0];
      if (c !== lastChar) primary.push(c);
      lastChar = c;
      if (x.letter.genuine) genuine++;
      if (x.letter.latin) latinLetters++;
      else if (x.letter.genuine) cyrillicLetters++;
    } else if ('gap' in x) {
      masked = true;
    }
  }
  return {
    start,
    end,
    elems,
    primary: primary.join(''),
    masked,
    latin: latinLetters > 0 && cyrillicLetters === 0,
    genuine,
    breakBefore: false,
    commaBefore: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Readings of a word: every combination of the letters' alternatives (few: only b, g, h, n,
// r, u are ambiguous), with repeated letters collapsed («сууукааа» → «сука»).

const MAX_AMBIGUOUS = 3;

function readings(letters: readonly Alts[]): string[] {
  const ambiguous = letters.reduce((n, a) => n + (a.length > 1 ? 1 : 0), 0);
  // Arrays, not string concatenation: reading the last char of a long rope string is O(n).
  let acc: { chars: string[]; last: string }[] = [{ chars: [], last: '' }];
  for (const alts of letters) {
    const use = ambiguous > MAX_AMBIGUOUS ? alts.slice(0, 1) : alts;
    const next: { chars: string[]; last: string }[] = [];
    for (let a = 0; a < use.length; a++) {
      const c = use[a];
      for (const r of acc) {
        // The last alternative may extend the array in place; the others copy it.
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
function transliterate(latin: string): string {
  return normalizeEntry(
    latin.replace(TRANSLIT_TOKEN, (m: string, offset: number) =>
      m === 'y' ? (LATIN_VOWELS.has(latin[offset - 1] ?? '') ? 'й' : 'ы') : (TRANSLIT[m] ?? ''),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Lexicon indexes, built once.

const WORD_INDEX = new Map<string, WordEntry[]>();
for (const entry of [...OBSCENE_WORDS, ...INSULT_WORDS]) {
  for (const form of entry.forms) {
    const key = normalizeEntry(form);
    WORD_INDEX.set(key, [...(WORD_INDEX.get(key) ?? []), entry]);
  }
}
const CONTEXT_INDEX = new Map<string, WordEntry>();
for (const entry of CONTEXT_INSULTS) {
  for (const form of entry.forms) CONTEXT_INDEX.set(normalizeEntry(form), entry);
}

interface MaskForm {
  form: string;
  term: string;
  category: 'obscene' | 'insult';
  guard?: Guard;
}
/** Maskable forms by first letter. */
const MASK_BUCKETS = new Map<string, MaskForm[]>();
const addMaskForm = (f: MaskForm): void => {
  const first = f.form[0];
  MASK_BUCKETS.set(first, [...(MASK_BUCKETS.get(first) ?? []), f]);
};
for (const { term, forms } of MASKABLE_OBSCENE) {
  for (const form of forms) addMaskForm({ form: normalizeEntry(form), term, category: 'obscene' });
}
for (const entry of INSULT_WORDS) {
  if (!MASKABLE_INSULT_TERMS.has(entry.term)) continue;
  for (const form of entry.forms.slice(0, 1).concat(entry.forms.filter((f) => /[ыи]$/.test(f)))) {
    addMaskForm({
      form: normalizeEntry(form),
      term: entry.term,
      category: 'insult',
      guard: entry.guard,
    });
  }
}

/** Letters that can begin a lexicon word: a spelled-out run is only tried from one of these. */
const FIRST_LETTERS = new Set<string>('бвгдезийкмнопрсуух');
for (const key of WORD_INDEX.keys()) FIRST_LETTERS.add(key[0]);

const PHRASE_INDEX = new Map<string, string[][]>();
for (const phrase of THREAT_PHRASES) {
  const words = phrase.split(' ');
  PHRASE_INDEX.set(words[0], [...(PHRASE_INDEX.get(words[0]) ?? []), words]);
}

// ---------------------------------------------------------------------------------------------
// Matching.

interface Hit {
  category: AbuseCategory;
  term: string;
  normalized: string;
}

const YOU = new Set(['вы', 'ты']);

function scanText(text: string, findings: AbuseFinding[]): void {
  const units = tokenize(text);
  const local: { start: number; end: number; hit: Hit }[] = [];
  const add = (start: number, end: number, hit: Hit): void => {
    local.push({ start, end, hit });
  };

  const prev = (k: number): string | undefined => (k > 0 ? units[k - 1].primary : undefined);
  const next = (k: number): string | undefined =>
    k + 1 < units.length ? units[k + 1].primary : undefined;

  const guardAllows = (guard: Guard | undefined, k: number): boolean => {
    if (!guard) return true;
    const p = prev(k);
    const nx = next(k);
    if (guard.notAfter && p !== undefined && guard.notAfter.has(p)) return false;
    if (guard.notBefore && nx !== undefined && guard.notBefore.has(nx)) return false;
    if (guard.onlyBefore && (nx === undefined || !guard.onlyBefore.has(nx))) return false;
    return true;
  };

  /** «вы козлы», «сантехник — козёл», «козлы вы»: a context insult said of a person. */
  const addressed = (k: number): boolean => {
    for (let j = k - 1, d = 1; j >= 0 && d <= 3; j--, d++) {
      if (units[j + 1].breakBefore) break;
      if (d > 1 && units[j + 1].commaBefore) break;
      if (ADDRESS_WORDS.has(units[j].primary)) return true;
    }
    const after = units[k + 1];
    return (
      after !== undefined && !after.breakBefore && !after.commaBefore && YOU.has(after.primary)
    );
  };

  /** Some of `words` within `span` words before k, in the same sentence. */
  const before = (k: number, span: number, words: ReadonlySet<string>): number => {
    for (let j = k - 1; j >= 0 && j >= k - span; j--) {
      if (units[j + 1].breakBefore) return -1;
      if (words.has(units[j].primary)) return j;
    }
    return -1;
  };

  const exact = (s: string, k: number, withContext: boolean, translitOnly: boolean): Hit | null => {
    if (ALLOWED_WORDS.has(s)) return null;
    for (const root of OBSCENE_ROOTS) {
      if (translitOnly && !root.translit) continue;
      if (root.pattern.test(s)) return { category: 'obscene', term: root.term, normalized: s };
    }
    for (const entry of WORD_INDEX.get(s) ?? []) {
      if (translitOnly && !entry.translit) continue;
      if (guardAllows(entry.guard, k)) {
        return { category: entry.category, term: entry.term, normalized: s };
      }
    }
    if (!withContext) return null;
    const ctx = CONTEXT_INDEX.get(s);
    if (ctx && addressed(k)) return { category: ctx.category, term: ctx.term, normalized: s };
    if (DEATH_WISH_PAST.has(s) && before(k, 3, DEATH_WISH_MARKERS) >= 0) {
      return { category: 'insult', term: DEATH_WISH_TERM, normalized: s };
    }
    return null;
  };

  const matchUnit = (u: Unit, k: number): Hit | null => {
    const letters = u.elems.flatMap((x) => ('letter' in x ? [x.letter] : []));
    if (u.genuine === 0 || letters.length < 2) return null;

    if (u.latin) {
      const raw = normalizeEntry(letters.map((l) => l.source).join(''));
      if (LATIN_ALLOWED.has(raw)) return null;
      const t = exact(transliterate(raw), k, false, true);
      if (t) return t;
      if (![...raw].every((c) => VISUAL_LATIN.has(c) || !LATIN.test(c))) return null;
      for (const r of readings(letters.map((l) => l.alts))) {
        const hit = exact(r, k, false, false);
        if (hit) return hit;
      }
      return null;
    }

    if (u.masked) {
      // «х*у*й», «с_у_к_а»: letters with one separator each are a word spelled out.
      if (letters.length >= 3 && isAlternating(u.elems)) {
        for (const r of readings(letters.map((l) => l.alts))) {
          const hit = exact(r, k, false, false);
          if (hit) return hit;
        }
      }
      return matchMasked(u, k);
    }

    for (const r of readings(letters.map((l) => l.alts))) {
      const hit = exact(r, k, true, false);
      if (hit) return hit;
    }
    // «по-хуй», «мастер-идиот»: a hyphenated word is also read part by part.
    if (u.elems.some((x) => 'hyphen' in x)) {
      for (const part of hyphenParts(u.elems)) {
        if (part.length < 2) continue;
        for (const r of readings(part)) {
          const hit = exact(r, k, false, false);
          if (hit) return hit;
        }
      }
    }
    // «п@зд@»: a symbol read as its look-alike gave nothing; try it as a mask.
    return letters.some((l) => l.symbol) ? matchMasked(u, k) : null;
  };

  const matchMasked = (u: Unit, k: number): Hit | null => {
    const items = maskItems(u.elems);
    const lits = items.reduce((c, it) => c + ('alts' in it && !it.wild ? 1 : 0), 0);
    // Conservative: at least two visible letters, the first and last among them (the core is
    // trimmed to letters), at most five masks in a run, and a short word.
    if (lits < 2 || items.length > 24) return null;
    if (items.some((it) => 'masks' in it && it.masks > 5)) return null;
    const first = items[0];
    if (!('alts' in first) || first.wild) return null;
    for (const c of first.alts) {
      for (const mf of MASK_BUCKETS.get(c) ?? []) {
        if (fits(items, mf.form, 0, 0, mf.category === 'obscene') && guardAllows(mf.guard, k)) {
          return { category: mf.category, term: mf.term, normalized: mf.form };
        }
      }
    }
    return null;
  };

  for (let k = 0; k < units.length; k++) {
    const hit = matchUnit(units[k], k);
    if (hit) add(units[k].start, units[k].end, hit);
  }
  findSpelledOut(units, text, add);
  findThreats(units, add);

  local.sort((a, b) => a.start - b.start || a.end - b.end);
  let lastKey = '';
  for (const { start, end, hit } of local) {
    const key = `${start}:${end}:${hit.category}`;
    if (key === lastKey) continue;
    lastKey = key;
    findings.push({ category: hit.category, match: text.slice(start, end), ...pick(hit) });
  }
}

const pick = (hit: Hit): { normalized: string; term: string } => ({
  normalized: hit.normalized,
  term: hit.term,
});

function hyphenParts(elems: readonly Elem[]): Alts[][] {
  const parts: Alts[][] = [[]];
  for (const x of elems) {
    if ('hyphen' in x) parts.push([]);
    else if ('letter' in x) parts[parts.length - 1].push(x.letter.alts);
  }
  return parts;
}

/** Letter, one-character separator, letter, … («х*у*й», «с-у-к-а»). */
function isAlternating(elems: readonly Elem[]): boolean {
  for (let k = 0; k < elems.length; k++) {
    const x = elems[k];
    const wantLetter = k % 2 === 0;
    if (wantLetter !== 'letter' in x) return false;
    if ('gap' in x && x.gap.masks !== 1) return false;
  }
  return elems.length % 2 === 1;
}

type MaskItem = { alts: Alts; wild: boolean } | { min: number; max: number; masks: number };

/** Letters and gaps; hyphens dropped, a repeated letter collapsed. */
function maskItems(elems: readonly Elem[]): MaskItem[] {
  const items: MaskItem[] = [];
  for (const x of elems) {
    if ('letter' in x) {
      const last = items[items.length - 1];
      const alts = x.letter.alts;
      const wild = x.letter.symbol;
      if (
        last &&
        'alts' in last &&
        !wild &&
        !last.wild &&
        last.alts.length === 1 &&
        alts.length === 1 &&
        last.alts[0] === alts[0]
      ) {
        continue;
      }
      items.push({ alts, wild });
    } else if ('gap' in x) {
      items.push({ min: x.gap.min, max: x.gap.max, masks: x.gap.masks });
    }
  }
  return items;
}

/**
 * Does the masked word fit a lexicon form? A run of k masks hides exactly k letters in
 * insults; in мат, where people mask loosely («п***ц» for пиздец, «б**ь»), two masks may hide
 * two or three letters and three or more masks one letter fewer or more.
 */
function fits(
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
  let min = it.min;
  let max = it.max;
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

/** «б л я т ь», «с. у. к. а»: runs of one-letter words read as one word. */
function findSpelledOut(
  units: readonly Unit[],
  text: string,
  add: (start: number, end: number, hit: Hit) => void,
): void {
  const single = (u: Unit): boolean => !u.masked && u.elems.length === 1 && 'letter' in u.elems[0];
  let k = 0;
  while (k < units.length) {
    if (!single(units[k])) {
      k++;
      continue;
    }
    let end = k + 1;
    while (
      end < units.length &&
      single(units[end]) &&
      SPACED_GAP.test(text.slice(units[end - 1].end, units[end].start))
    ) {
      end++;
    }
    let j = k;
    while (j <= end - 3) {
      const matched = longestSpelled(units, j, end);
      if (matched) {
        add(units[j].start, units[matched.last].end, matched.hit);
        j = matched.last + 1;
      } else {
        j++;
      }
    }
    k = end;
  }
}

const MAX_SPELLED = 12;

function longestSpelled(
  units: readonly Unit[],
  from: number,
  end: number,
): { last: number; hit: Hit } | null {
  const firstAlts = letterOf(units[from]).alts;
  if (!firstAlts.some((c) => FIRST_LETTERS.has(c))) return null;
  for (let last = Math.min(end - 1, from + MAX_SPELLED - 1); last >= from + 2; last--) {
    const letters = units.slice(from, last + 1).map(letterOf);
    if (letters.filter((l) => l.genuine).length < 2) continue;
    for (const r of readings(letters.map((l) => l.alts))) {
      const hit = spelledHit(r);
      if (hit) return { last, hit };
    }
  }
  return null;
}

function letterOf(u: Unit): Letter {
  const x = u.elems[0];
  if (!('letter' in x)) throw new Error('not a one-letter unit');
  return x.letter;
}

/** A spelled-out word against roots and unguarded words (no neighbours to consult). */
function spelledHit(s: string): Hit | null {
  if (ALLOWED_WORDS.has(s)) return null;
  for (const root of OBSCENE_ROOTS) {
    if (root.pattern.test(s)) return { category: 'obscene', term: root.term, normalized: s };
  }
  for (const entry of WORD_INDEX.get(s) ?? []) {
    if (!entry.guard) return { category: entry.category, term: entry.term, normalized: s };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Threats: first-person future verbs, their targets, and set phrases.

const THREAT_WINDOW = 3;

function findThreats(
  units: readonly Unit[],
  add: (start: number, end: number, hit: Hit) => void,
): void {
  /** Indexes of the same clause within `span` words of k (no sentence break, no comma). */
  const clause = (k: number, span: number): number[] => {
    const out: number[] = [];
    for (let j = k - 1; j >= 0 && j >= k - span; j--) {
      if (units[j + 1].breakBefore || units[j + 1].commaBefore) break;
      out.push(j);
    }
    for (let j = k + 1; j < units.length && j <= k + span; j++) {
      if (units[j].breakBefore || units[j].commaBefore) break;
      out.push(j);
    }
    return out;
  };
  const sentenceBefore = (k: number, span: number, words: ReadonlySet<string>): number => {
    for (let j = k - 1; j >= 0 && j >= k - span; j--) {
      if (units[j + 1].breakBefore) return -1;
      if (words.has(units[j].primary)) return j;
    }
    return -1;
  };
  const emit = (from: number, to: number, term: string): void => {
    const words = units.slice(from, to + 1).map((u) => u.primary);
    add(units[from].start, units[to].end, {
      category: 'threat',
      term,
      normalized: words.join(' '),
    });
  };

  for (let k = 0; k < units.length; k++) {
    const w = units[k].primary;

    if (KILL_VERBS.has(w)) {
      const near = clause(k, 4);
      if (near.some((j) => j > k && TIME_WORDS.has(units[j].primary))) continue;
      const targets = near.filter(
        (j) => Math.abs(j - k) <= THREAT_WINDOW && THREAT_TARGETS.has(units[j].primary),
      );
      const hunt = sentenceBefore(k, 4, HUNT_VERBS);
      emit(Math.min(k, ...targets, hunt >= 0 ? hunt : k), Math.max(k, ...targets), w);
      continue;
    }

    const kinds = HARM_VERBS.get(w);
    if (kinds) {
      const targets = clause(k, THREAT_WINDOW).filter((j) => {
        const kind = THREAT_TARGETS.get(units[j].primary);
        return kind !== undefined && kinds.includes(kind);
      });
      if (targets.length > 0) {
        emit(Math.min(k, ...targets), Math.max(k, ...targets), w);
        continue;
      }
      const hunt = kinds.includes('person') ? sentenceBefore(k, 4, HUNT_VERBS) : -1;
      if (hunt >= 0) emit(hunt, k, w);
      continue;
    }

    for (const phrase of PHRASE_INDEX.get(w) ?? []) {
      let ok = k + phrase.length <= units.length;
      for (let p = 1; ok && p < phrase.length; p++) {
        const u = units[k + p];
        ok = !u.breakBefore && u.primary === phrase[p];
      }
      if (ok) {
        emit(k, k + phrase.length - 1, phrase.join(' '));
        break;
      }
    }
  }
}
