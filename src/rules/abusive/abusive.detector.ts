import { AbuseLists } from './abuse-lists';
import {
  ADDRESS_BLOCKERS,
  ADDRESS_WORDS,
  ALLOWED_WORDS,
  CONTEXT_INSULTS,
  DEATH_WISH_MARKERS,
  DEATH_WISH_PAST,
  DEATH_WISH_TERM,
  EXCLAMATION_FILLERS,
  HARM_VERBS,
  HUNT_VERBS,
  INSULT_PHRASES,
  INSULT_WORDS,
  KILL_VERBS,
  LATIN_ALLOWED,
  MASKABLE_INSULT_TERMS,
  MASKABLE_OBSCENE,
  MASKABLE_VULGAR,
  NAMING_WORDS,
  OBSCENE_ROOTS,
  OBSCENE_WORDS,
  SECOND_PERSON,
  THREAT_PHRASES,
  THREAT_TARGETS,
  TIME_WORDS,
  TRANSLIT_EXTRA_FORMS,
  VULGAR_ROOTS,
  VULGAR_WORDS,
  WRITTEN_ALLOWED_PREFIXES,
  normalizeEntry,
  type AbuseCategory,
  type ContextEntry,
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
 * linear in the length of the text: character tables, precompiled patterns and hash lookups,
 * nothing compiled per word. Findings come in text order; empty and missing texts are skipped.
 * `lists` are the administrators' allow and deny lists (`abusive_terms`).
 */
export function detectAbuse(
  texts: readonly (string | null | undefined)[],
  lists: AbuseLists = AbuseLists.EMPTY,
): AbuseFinding[] {
  const findings: AbuseFinding[] = [];
  for (const text of texts) {
    if (text) new Scan(text, lists).run(findings);
  }
  return findings;
}

const LABELS: Record<AbuseCategory, string> = {
  obscene: 'нецензурная лексика',
  vulgar: 'бранная лексика',
  insult: 'оскорбление',
  threat: 'угроза',
  listed: 'слово из списка администратора',
};
const CATEGORY_ORDER: readonly AbuseCategory[] = [
  'obscene',
  'vulgar',
  'insult',
  'threat',
  'listed',
];
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
      const plain = key.replace(/ё/g, 'е');
      const shown = clip(f.match);
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
// Characters: one table lookup per character. Every letter-like character (of the lower-cased
// text) maps to the Cyrillic letters it may stand for.

type Alts = readonly string[];

const K_HARD = 0;
const K_LETTER = 1;
/** Hides a letter: х*й, х#й, х_й. */
const K_MASK = 2;
const K_DOT = 3;
/** May separate the letters of one word: по-хуй, х-у-й. */
const K_HYPHEN = 4;
const K_ELLIPSIS = 5;
/** Invisible characters slipped into a word. */
const K_IGNORABLE = 6;
const K_SPACE = 7;

const F_GENUINE = 1; // a real letter, not a digit or symbol standing for one
const F_LATIN = 2;
const F_SYMBOL = 4; // «@», «$», «€»: a look-alike or a mask («п@зд@» is пизда, not «пазда»)

const KIND = new Uint8Array(0x10000);
const FLAGS = new Uint8Array(0x10000);
const ALTS = new Map<number, Alts>();

const setLetter = (ch: string, alts: Alts, flags: number): void => {
  const code = ch.charCodeAt(0);
  KIND[code] = K_LETTER;
  FLAGS[code] = flags;
  ALTS.set(code, alts);
};
for (const c of 'абвгдежзийклмнопрстуфхцчшщъыьэюя') setLetter(c, [c], F_GENUINE);
// ё→е; Ukrainian and Belarusian letters used as look-alikes
for (const [c, to] of [
  ['ё', 'е'],
  ['і', 'и'],
  ['ї', 'и'],
  ['є', 'е'],
  ['ў', 'у'],
  ['ґ', 'г'],
]) {
  setLetter(c, [to], F_GENUINE);
}
// Digits and symbols for letters: 6лядь, пи3дец, 4мо, п@зд@, $ука. Other digits are separators.
for (const [c, to] of [
  ['0', 'о'],
  ['3', 'з'],
  ['4', 'ч'],
  ['6', 'б'],
  ['9', 'я'],
]) {
  setLetter(c, [to], 0);
}
for (const [c, to] of [
  ['@', 'а'],
  ['$', 'с'],
  ['€', 'е'],
]) {
  setLetter(c, [to], F_SYMBOL);
}
// Greek look-alikes
for (const [c, to] of [
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
  setLetter(c, [to], F_GENUINE);
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
for (const [c, alts] of Object.entries(LATIN_ALTS)) setLetter(c, alts, F_GENUINE | F_LATIN);
for (const c of '*#%&?!+~^_') KIND[c.charCodeAt(0)] = K_MASK;
for (const c of '-‐‑·•') KIND[c.charCodeAt(0)] = K_HYPHEN;
KIND['.'.charCodeAt(0)] = K_DOT;
KIND['…'.charCodeAt(0)] = K_ELLIPSIS;
for (const code of [0xad, 0x200b, 0x200c, 0x200d, 0x2060]) KIND[code] = K_IGNORABLE;
for (let code = 0x300; code <= 0x36f; code++) KIND[code] = K_IGNORABLE; // combining marks
for (let code = 0; code <= 32; code++) KIND[code] = K_SPACE;
for (const code of [0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) {
  KIND[code] = K_SPACE;
}
for (let code = 0x2000; code <= 0x200a; code++) KIND[code] = K_SPACE;

/**
 * Latin letters that look like Cyrillic ones: an all-Latin «cyka» is read visually too, with
 * look-alikes only (h is н, r is г), so that English «her» does not become «хер».
 */
const VISUAL_LATIN = /^[abcehkmnoprtuxy]+$/;
const VISUAL_ALTS: Readonly<Record<string, Alts>> = {
  b: ['в', 'ь'],
  h: ['н'],
  n: ['п'],
  r: ['г'],
  u: ['и'],
};

/** Lower case of the same length, so offsets stay valid («İ» would grow). */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  const out: string[] = [];
  for (const ch of text) {
    const l = ch.toLowerCase();
    out.push(l.length === ch.length ? l : ch);
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Units: the words of a text with their spans.

interface Letter {
  t: 'letter';
  alts: Alts;
  flags: number;
  start: number;
}
/** A masked stretch: «*» hides exactly one letter, «...» one to four. */
interface Gap {
  t: 'gap';
  min: number;
  max: number;
  /** Number of mask characters; 0 for an ellipsis, whose length means nothing. */
  masks: number;
}
interface Hyphen {
  t: 'hyphen';
}
type Elem = Letter | Gap | Hyphen;

interface Unit {
  start: number;
  end: number;
  /** Empty for plain Cyrillic words, which need only `primary`. */
  elems: Elem[];
  letters: Letter[];
  /** Number of letters. */
  size: number;
  /** First reading of each letter, no masks or hyphens, repeated letters collapsed. */
  primary: string;
  masked: boolean;
  hyphen: boolean;
  symbol: boolean;
  /** Letters with more than one reading (Latin b, g, h, n, r, u). */
  ambiguous: number;
  /** All real letters are Latin. */
  latin: boolean;
  genuine: number;
  /** Stars right after the last letter («бл*»): tried as a masked ending, мат only. */
  tailMasks: number;
  /** Letters one by one between dots or hyphens («с.в.и.н.ь.и», «т-в-а-р-и»): a disguise. */
  spelled: boolean;
  breakBefore: boolean;
  commaBefore: boolean;
}

const EMAIL = /^[^@]+@[^@]+\.[^@.]+\.?$/;
const EMAIL_EDGES = /^[("«<']+|[)"»>',;:!?]+$/g;
const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/;
/** What the characters between two words say: a sentence ends, or a clause does. */
const G_BREAK = 1;
const G_COMMA = 2;
const GAP_FLAGS = new Uint8Array(0x10000);
for (const c of '.!?;…\n') GAP_FLAGS[c.charCodeAt(0)] = G_BREAK;
for (const c of ',(){}[]') GAP_FLAGS[c.charCodeAt(0)] = G_COMMA;
const SPACED_GAP = /^[\s.\-_*·/\\|]*$/; // «т в а р и», «т/в/а/р/и»

const TAIL_MASKS = new Set('*#');
const GAP_ELLIPSIS: Gap = { t: 'gap', min: 1, max: 4, masks: 0 };
const HYPHEN: Hyphen = { t: 'hyphen' };

function tokenize(lower: string): Unit[] {
  const units: Unit[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && KIND[lower.charCodeAt(i)] === K_SPACE) i++;
    const rawStart = i;
    while (i < n && KIND[lower.charCodeAt(i)] !== K_SPACE) i++;
    if (i > rawStart) splitRaw(lower, rawStart, i, units);
  }
  for (let k = 1; k < units.length; k++) {
    let flags = 0;
    for (let c = units[k - 1].end; c < units[k].start; c++) flags |= GAP_FLAGS[lower.charCodeAt(c)];
    units[k].breakBefore = (flags & G_BREAK) !== 0;
    units[k].commaBefore = (flags & G_COMMA) !== 0;
  }
  return units;
}

/** A whitespace-delimited chunk: skip addresses, split on hard separators («идиоты,сволочи»). */
function splitRaw(lower: string, start: number, end: number, out: Unit[]): void {
  let at = false;
  for (let i = start; i < end && !at; i++) at = lower.charCodeAt(i) === 64;
  const c0 = lower[start];
  if (at || c0 === 'h' || c0 === 'f' || c0 === 'w') {
    const raw = lower.slice(start, end);
    if (at && EMAIL.test(raw.replace(EMAIL_EDGES, ''))) return;
    if (URL_START.test(raw)) return;
  }
  let runStart = -1;
  for (let i = start; i <= end; i++) {
    const hard = i === end || KIND[lower.charCodeAt(i)] === K_HARD;
    if (!hard && runStart < 0) runStart = i;
    if (hard && runStart >= 0) {
      buildUnits(lower, runStart, i, out);
      runStart = -1;
    }
  }
}

/** Turns a run of word characters into elements, then into one or more units. */
function buildUnits(lower: string, start: number, end: number, out: Unit[]): void {
  // The core runs from the first to the last letter: «тариф*», «(х*й)» lose their edges.
  let s = start;
  let e = end;
  while (s < e && KIND[lower.charCodeAt(s)] !== K_LETTER) s++;
  while (e > s && KIND[lower.charCodeAt(e - 1)] !== K_LETTER) e--;
  if (s >= e) return;
  // «бл*», «ху**»: stars right after the word may hide its end (dots and «!» may not).
  let tail = 0;
  while (e + tail < end && TAIL_MASKS.has(lower[e + tail])) tail++;
  const before = out.length;
  buildCore(lower, s, e, out);
  if (tail > 0 && out.length > before) {
    const u = out[out.length - 1];
    u.tailMasks = tail;
    u.end += tail;
  }
}

function buildCore(lower: string, s: number, e: number, out: Unit[]): void {
  // Most words are plain Cyrillic: no per-letter objects for them.
  let plain = e - s >= 2;
  for (let i = s; i < e && plain; i++) {
    const code = lower.charCodeAt(i);
    plain = KIND[code] === K_LETTER && FLAGS[code] === F_GENUINE;
  }
  if (plain) {
    out.push(plainUnit(lower, s, e));
    return;
  }
  if (e - s === 1) {
    const code = lower.charCodeAt(s);
    out.push(makeUnit([{ t: 'letter', alts: ALTS.get(code) ?? [], flags: FLAGS[code], start: s }]));
    return;
  }

  const pieces: Elem[][] = [];
  let elems: Elem[] = [];
  let i = s;
  while (i < e) {
    const code = lower.charCodeAt(i);
    const kind = KIND[code];
    if (kind === K_LETTER) {
      elems.push({ t: 'letter', alts: ALTS.get(code) ?? [], flags: FLAGS[code], start: i });
      i++;
    } else if (kind === K_MASK) {
      let k = 0;
      for (; i < e; i++) {
        const kk = KIND[lower.charCodeAt(i)];
        if (kk === K_MASK) k++;
        else if (kk !== K_IGNORABLE) break;
      }
      elems.push({ t: 'gap', min: k, max: k, masks: k });
    } else if (kind === K_DOT) {
      let k = 0;
      for (; i < e && lower.charCodeAt(i) === 46; i++) k++;
      if (k >= 2) {
        elems.push(GAP_ELLIPSIS); // «х..й», «б...ь»: an ellipsis as a mask, length unknown
      } else {
        pieces.push(elems);
        elems = [];
      }
    } else if (kind === K_ELLIPSIS) {
      elems.push(GAP_ELLIPSIS);
      i++;
    } else if (kind === K_HYPHEN) {
      elems.push(HYPHEN);
      i++;
    } else {
      i++;
    }
  }
  pieces.push(elems);

  // «б.л.я.т.ь», «с.у.к.а», «т.е.»: one- or two-letter pieces are one word spelled out;
  // «ул.Херсонская» is two words.
  const withLetters = pieces.filter((p) => p.some((x) => x.t === 'letter'));
  const spelled =
    withLetters.length >= 2 &&
    withLetters.every((p) => p.reduce((c, x) => c + (x.t === 'letter' ? 1 : 0), 0) <= 2);
  if (spelled) {
    const unit = makeUnit(withLetters.flat());
    unit.spelled = true;
    out.push(unit);
  } else {
    for (const p of withLetters) out.push(makeUnit(p));
  }
}

const NO_ELEMS: Elem[] = [];
const NO_LETTERS: Letter[] = [];

function plainUnit(lower: string, start: number, end: number): Unit {
  let primary = '';
  let last = '';
  for (let i = start; i < end; i++) {
    const c = (ALTS.get(lower.charCodeAt(i)) ?? [''])[0];
    if (c !== last) primary += c;
    last = c;
  }
  return {
    start,
    end,
    elems: NO_ELEMS,
    letters: NO_LETTERS,
    size: end - start,
    primary,
    masked: false,
    hyphen: false,
    symbol: false,
    ambiguous: 0,
    latin: false,
    genuine: end - start,
    tailMasks: 0,
    spelled: false,
    breakBefore: false,
    commaBefore: false,
  };
}

function makeUnit(rawElems: readonly Elem[]): Unit {
  // Gaps and hyphens left at the edges of a piece are dropped.
  let a = 0;
  let b = rawElems.length;
  while (a < b && rawElems[a].t !== 'letter') a++;
  while (b > a && rawElems[b - 1].t !== 'letter') b--;
  const elems = rawElems.slice(a, b);
  const letters: Letter[] = [];
  const primary: string[] = [];
  let last = '';
  let genuine = 0;
  let latin = 0;
  let cyrillic = 0;
  let ambiguous = 0;
  let masked = false;
  let hyphen = false;
  let symbol = false;
  for (const x of elems) {
    if (x.t === 'letter') {
      letters.push(x);
      const c = x.alts[0];
      if (c !== last) primary.push(c);
      last = c;
      if (x.flags & F_GENUINE) {
        genuine++;
        if (x.flags & F_LATIN) latin++;
        else cyrillic++;
      }
      if (x.flags & F_SYMBOL) symbol = true;
      if (x.alts.length > 1) ambiguous++;
    } else if (x.t === 'gap') {
      masked = true;
    } else {
      hyphen = true;
    }
  }
  return {
    start: letters[0].start,
    end: letters[letters.length - 1].start + 1,
    elems,
    letters,
    size: letters.length,
    primary: primary.join(''),
    masked,
    hyphen,
    symbol,
    ambiguous,
    latin: latin > 0 && cyrillic === 0,
    genuine,
    tailMasks: 0,
    spelled: false,
    breakBefore: false,
    commaBefore: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Readings of a word: every combination of its letters' alternatives (only Latin b, g, h, n, r,
// u have several), with repeated letters collapsed («сууукааа» → «сука»).

const MAX_AMBIGUOUS = 3;

function readings(letters: readonly Letter[]): string[] {
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
function transliterate(latin: string): string {
  return normalizeEntry(
    latin.replace(TRANSLIT_TOKEN, (m: string, offset: number) =>
      m === 'y' ? (LATIN_VOWELS.has(latin[offset - 1] ?? '') ? 'й' : 'ы') : (TRANSLIT[m] ?? ''),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Lexicon indexes, built once.

/** Obscene roots first: «распиздяй» is мат before it is anything else. */
const ROOTS = [...OBSCENE_ROOTS, ...VULGAR_ROOTS];
/** One unanchored test that every root needs to pass before its own pattern is tried. */
const ROOT_HINT = new RegExp(ROOTS.map((r) => r.hint).join('|'));

const WORD_INDEX = new Map<string, WordEntry[]>();
for (const entry of [...OBSCENE_WORDS, ...VULGAR_WORDS, ...INSULT_WORDS]) {
  for (const form of entry.forms) {
    const key = normalizeEntry(form);
    WORD_INDEX.set(key, [...(WORD_INDEX.get(key) ?? []), entry]);
  }
}
const CONTEXT_INDEX = new Map<string, { entry: ContextEntry; instrumental: boolean }>();
for (const entry of CONTEXT_INSULTS) {
  for (const form of entry.forms) {
    CONTEXT_INDEX.set(normalizeEntry(form), { entry, instrumental: false });
  }
  for (const form of entry.instrumental ?? []) {
    CONTEXT_INDEX.set(normalizeEntry(form), { entry, instrumental: true });
  }
}

interface MaskForm {
  form: string;
  term: string;
  category: 'obscene' | 'vulgar' | 'insult';
  guard?: Guard;
}
/** Maskable forms by first letter. */
const MASK_BUCKETS = new Map<string, MaskForm[]>();
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
const KNOWN_FORMS: ReadonlySet<string> = new Set([
  ...WORD_INDEX.keys(),
  ...[...MASK_BUCKETS.values()].flat().map((f) => f.form),
]);

/** What an all-Latin word may be read as: complete forms only. */
const LATIN_FORMS: ReadonlySet<string> = new Set([
  ...KNOWN_FORMS,
  ...TRANSLIT_EXTRA_FORMS.map(normalizeEntry),
]);

interface Phrase {
  words: string[];
  category: AbuseCategory;
}
const PHRASE_INDEX = new Map<string, Phrase[]>();
for (const [category, phrases] of [
  ['threat', THREAT_PHRASES],
  ['insult', INSULT_PHRASES],
] as const) {
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    PHRASE_INDEX.set(words[0], [...(PHRASE_INDEX.get(words[0]) ?? []), { words, category }]);
  }
}

const YOU: ReadonlySet<string> = new Set(['вы', 'ты']);
/** Second-person verb forms: «почините», «сделайте», «издеваетесь», «думаешь». */
const SECOND_PERSON_VERB = /^[а-я]{2,}(?:ете|ите|йте|етесь|итесь|йтесь|ешь|ишь|ешься|ишься)$/;
/** «в лимите», «на сайте», «о кредите» end like verbs. */
const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set(['в', 'во', 'на', 'о', 'об', 'при', 'по']);
/** What a single star usually hides: a vowel (х*й, п*здец, д*рмоеды, ж*па). */
const MASKED_VOWELS: readonly string[] = [...'аеиоуыэюяй'];

// ---------------------------------------------------------------------------------------------
// Matching one text.

interface Hit {
  category: AbuseCategory;
  term: string;
  normalized: string;
}

const MAX_SPELLED_RUN = 16;
const MAX_SPELLED_TRIM = 2;
const THREAT_WINDOW = 4;
const VOCATIVE_SPAN = 30;

class Scan {
  private readonly lower: string;
  private readonly units: Unit[];
  private readonly hits: { start: number; end: number; hit: Hit }[] = [];

  constructor(
    private readonly text: string,
    private readonly lists: AbuseLists,
  ) {
    this.lower = lowerSameLength(text);
    this.units = tokenize(this.lower);
  }

  run(findings: AbuseFinding[]): void {
    const { units } = this;
    for (let k = 0; k < units.length; k++) {
      const hit = this.matchUnit(units[k], k);
      if (hit) this.add(units[k].start, units[k].end, hit);
    }
    this.findSpelledOut();
    this.findThreats();

    this.hits.sort((a, b) => a.start - b.start || a.end - b.end);
    let lastKey = '';
    for (const { start, end, hit } of this.hits) {
      const key = `${start}:${end}:${hit.category}`;
      if (key === lastKey) continue;
      lastKey = key;
      findings.push({
        category: hit.category,
        match: this.text.slice(start, end),
        normalized: hit.normalized,
        term: hit.term,
      });
    }
  }

  private add(start: number, end: number, hit: Hit): void {
    this.hits.push({ start, end, hit });
  }

  /** Guards look at the words around the matched one(s), units[first..last]. */
  private guardAllows(guard: Guard | undefined, first: number, last: number): boolean {
    if (!guard) return true;
    const prev = first > 0 ? this.units[first - 1].primary : undefined;
    const next = last + 1 < this.units.length ? this.units[last + 1].primary : undefined;
    if (guard.notAfter && prev !== undefined && guard.notAfter.has(prev)) return false;
    if (guard.notBefore && next !== undefined && guard.notBefore.has(next)) return false;
    if (guard.onlyBefore && (next === undefined || !guard.onlyBefore.has(next))) return false;
    return true;
  }

  // --- single words --------------------------------------------------------------------------

  private matchUnit(u: Unit, k: number): Hit | null {
    if (u.genuine === 0 || u.size < 2) return null;
    if (u.latin) return this.matchLatin(u, k);
    // «скотты» collapses to «скоты»: some words are allowed as written.
    if (u.primary.length < u.size && this.writtenAllowed(u)) return null;

    if (u.masked) {
      // «х*у*й», «с_у_к_а»: letters with one mask each between them are a word spelled out.
      if (u.size >= 3 && isAlternating(u.elems)) {
        const hit = this.firstHit(readings(u.letters), k, k, false, true);
        if (hit) return hit;
      }
      return this.matchMasked(u, k);
    }

    const whole = u.ambiguous === 0 ? [u.primary] : readings(u.letters);
    const spelled = u.spelled || (u.hyphen && u.size >= 3 && lettersOneByOne(u.elems));
    const hit = this.firstHit(whole, k, k, true, spelled);
    if (hit) return hit;
    // «мастер-идиот», «придурок-сантехник»: a hyphenated word is also read part by part.
    if (u.hyphen) {
      for (const part of hyphenParts(u.elems)) {
        if (part.length < 2) continue;
        const partHit = this.firstHit(readings(part), k, k, false);
        if (partHit) return partHit;
      }
    }
    // «п@зд@»: a symbol read as its look-alike gave nothing; try it as a mask.
    return u.symbol || u.tailMasks > 0 ? this.matchMasked(u, k) : null;
  }

  /**
   * `disguised`: the word was spelled out or masked. Nobody disguises the rats in the basement,
   * so a context word («свиньи», «крысы») needs no context then.
   */
  private firstHit(
    strings: readonly string[],
    first: number,
    last: number,
    withContext: boolean,
    disguised = false,
  ): Hit | null {
    for (const s of strings) {
      const hit = this.exact(s, first, last, withContext, false, disguised);
      if (hit) return hit;
    }
    return null;
  }

  private exact(
    s: string,
    first: number,
    last: number,
    withContext: boolean,
    translitOnly: boolean,
    disguised = false,
  ): Hit | null {
    // The administrators' lists come first: an allowed word is never flagged on its own.
    if (!this.lists.empty) {
      if (this.lists.allows(s)) return null;
      const denied = this.lists.denied(s);
      if (denied !== undefined) return { category: 'listed', term: denied, normalized: s };
    }
    if (ALLOWED_WORDS.has(s)) return null;
    if (ROOT_HINT.test(s)) {
      for (const root of ROOTS) {
        if (translitOnly && !root.translit) continue;
        if (root.pattern.test(s)) {
          return { category: root.category ?? 'obscene', term: root.term, normalized: s };
        }
      }
    }
    for (const entry of WORD_INDEX.get(s) ?? []) {
      if (translitOnly && !entry.translit) continue;
      if (this.guardAllows(entry.guard, first, last)) {
        return { category: entry.category, term: entry.term, normalized: s };
      }
    }
    const ctx = translitOnly ? undefined : CONTEXT_INDEX.get(s);
    if (ctx && (disguised || (withContext && this.addressed(first, ctx.entry, ctx.instrumental)))) {
      return { category: 'insult', term: ctx.entry.term, normalized: s };
    }
    if (!withContext) return null;
    if (DEATH_WISH_PAST.has(s) && this.sentenceBefore(first, 3, DEATH_WISH_MARKERS) >= 0) {
      return { category: 'insult', term: DEATH_WISH_TERM, normalized: s };
    }
    return null;
  }

  private writtenAllowed(u: Unit): boolean {
    const written =
      u.letters.length > 0
        ? u.letters.map((l) => l.alts[0]).join('')
        : this.lower.slice(u.start, u.end).replace(/ё/g, 'е');
    return WRITTEN_ALLOWED_PREFIXES.some((p) => written.startsWith(p));
  }

  /** All-Latin words: transliteration («blyat», «nahuy») and look-alikes («cyka»). */
  private matchLatin(u: Unit, k: number): Hit | null {
    const raw = normalizeEntry(u.letters.map((l) => this.lower[l.start]).join(''));
    // Latin with digits is an id or a hash («e6ae669a3»), not a word.
    if (LATIN_ALLOWED.has(raw) || /\d/.test(raw)) return null;
    const t = transliterate(raw);
    if (LATIN_FORMS.has(t) || this.lists.denied(t) !== undefined) {
      const hit = this.exact(t, k, k, false, true);
      if (hit) return hit;
    }
    if (!VISUAL_LATIN.test(raw)) return null;
    const visual = u.letters.map((l) => {
      const alts = VISUAL_ALTS[this.lower[l.start]];
      return alts ? { ...l, alts } : l;
    });
    return this.firstHit(
      readings(visual).filter((r) => LATIN_FORMS.has(r) || this.lists.denied(r) !== undefined),
      k,
      k,
      false,
    );
  }

  /**
   * Partly masked words («х*й», «п***ц», «бл@*ь»). Conservative: the first visible letter must
   * be a letter, at least two letters are visible, no run of more than five masks, a short
   * word, and only forms that people actually mask are tried.
   */
  private matchMasked(u: Unit, k: number): Hit | null {
    const items = maskItems(u.elems.length > 0 ? u.elems : this.plainElems(u));
    const tail = u.tailMasks;
    if (tail > 0) items.push({ min: tail, max: tail, masks: tail });
    const visible = items.reduce((c, it) => c + ('alts' in it && !it.wild ? 1 : 0), 0);
    if (visible < 2 || items.length > 24) return null;
    if (items.some((it) => 'masks' in it && it.masks > 5)) return null;
    const first = items[0];
    if (!('alts' in first) || first.wild) return null;
    for (const c of first.alts) {
      for (const mf of MASK_BUCKETS.get(c) ?? []) {
        if (tail > 0 && mf.category !== 'obscene') continue;
        if (this.lists.allows(mf.form)) continue;
        if (
          fits(items, mf.form, 0, 0, mf.category === 'obscene') &&
          this.guardAllows(mf.guard, k, k)
        ) {
          return { category: mf.category, term: mf.term, normalized: mf.form };
        }
      }
    }
    return tail > 0 ? null : this.fillMaskedVowels(items, k);
  }

  /**
   * «д*рмоеды», «сп*здили», «м*нда»: one or two single stars, each hiding one letter, with at
   * least three letters visible, are tried as vowels (and «й») against the whole lexicon and the
   * deny list: at most 100 readings of a word that is masked anyway.
   */
  private fillMaskedVowels(items: readonly MaskItem[], k: number): Hit | null {
    let gaps = 0;
    let visible = 0;
    for (const it of items) {
      if ('alts' in it) visible++;
      else if (it.masks !== 1) return null;
      else gaps++;
    }
    if (gaps === 0 || gaps > 2 || visible < 3) return null;
    let acc = [''];
    for (const it of items) {
      const choices = 'alts' in it ? it.alts.slice(0, 2) : MASKED_VOWELS;
      const next: string[] = [];
      for (const a of acc) for (const c of choices) next.push(a + c);
      acc = next;
      if (acc.length > 400) return null;
    }
    for (const reading of acc) {
      const hit = this.exact(normalizeEntry(reading), k, k, false, false, true);
      if (hit) return hit;
    }
    return null;
  }

  /** Letters of a plain word, built only when it has to be read as masked («бл*»). */
  private plainElems(u: Unit): Elem[] {
    const elems: Elem[] = [];
    for (let i = u.start; i < u.end - u.tailMasks; i++) {
      const code = this.lower.charCodeAt(i);
      elems.push({ t: 'letter', alts: ALTS.get(code) ?? [], flags: FLAGS[code], start: i });
    }
    return elems;
  }

  // --- context ---------------------------------------------------------------------------------

  /** Is the context word at k said of a person? The cases are listed at CONTEXT_INSULTS. */
  private addressed(k: number, entry: ContextEntry, instrumental: boolean): boolean {
    const { units } = this;
    // «считаю вас свиньями», «вы оказались козлами»
    if (instrumental) return this.clauseBefore(k, 3, NAMING_WORDS) >= 0;
    // «вы козлы», «сантехник — козёл», «вы там все свиньи»
    for (let j = k - 1, d = 1; j >= 0 && d <= 3; j--, d++) {
      if (units[j + 1].breakBefore) break;
      if (d > 1 && units[j + 1].commaBefore) break; // «Вы, козлы» keeps the nearest word only
      const w = units[j].primary;
      if (ADDRESS_WORDS.has(w)) return true;
      if (ADDRESS_BLOCKERS.has(w)) {
        // «ведёте себя как свиньи»: a comparison closing the clause, a person before it
        if (w === 'как' && d === 1 && this.clauseEndsAt(k)) {
          return this.clauseBefore(j, 4, ADDRESS_WORDS) >= 0;
        }
        break; // «вы видели, как крысы бегают», «у вас в подвале крысы»
      }
    }
    // «козлы вы!»
    const after = units[k + 1];
    if (after && !after.breakBefore && !after.commaBefore && YOU.has(after.primary)) return true;
    return (entry.exclamation && this.exclamation(k)) || this.vocative(k);
  }

  /**
   * The first and last unit of the sentence around k, looking at most `span` units either way
   * (bounded work on a 100 KB text without full stops); null when it is longer.
   */
  private sentence(k: number, span: number): [number, number] | null {
    const { units } = this;
    let s = k;
    while (s > 0 && !units[s].breakBefore) if (--s < k - span) return null;
    let e = k;
    while (e + 1 < units.length && !units[e + 1].breakBefore) if (++e > k + span) return null;
    return [s, e];
  }

  /** The punctuation that ends the sentence whose last unit is e. */
  private terminator(e: number): string {
    const next = this.units[e + 1];
    return this.lower.slice(this.units[e].end, next ? next.start : this.lower.length);
  }

  private clauseEndsAt(k: number): boolean {
    const next = this.units[k + 1];
    return !next || next.breakBefore || next.commaBefore;
  }

  /** «Свиньи!», «Козлы проклятые!»: the sentence is the word, with a filler at most. */
  private exclamation(k: number): boolean {
    const bounds = this.sentence(k, 2);
    if (!bounds) return false;
    const [s, e] = bounds;
    if (e - s > 2 || !this.terminator(e).includes('!')) return false;
    for (let j = s; j <= e; j++) {
      const w = this.units[j].primary;
      if (j !== k && !EXCLAMATION_FILLERS.has(w) && !CONTEXT_INDEX.has(w)) return false;
    }
    return true;
  }

  /**
   * «Паразиты, когда вы почините трубу?», «Когда почините, ослы?»: the word alone between
   * commas or sentence edges, in a question or exclamation (of at most 30 words either side),
   * next to a clause in the second person. «Крысы, как вы знаете, завелись в подвале.» ends
   * with a full stop and is clean.
   */
  private vocative(k: number): boolean {
    const { units } = this;
    const u = units[k];
    if (!(k === 0 || u.breakBefore || u.commaBefore) || !this.clauseEndsAt(k)) return false;
    const bounds = this.sentence(k, VOCATIVE_SPAN);
    if (!bounds) return false;
    const [s, e] = bounds;
    if (!/[!?]/.test(this.terminator(e))) return false;
    // the clause after, then the clause before
    for (let j = k + 1; j <= e; j++) {
      if (j > k + 1 && units[j].commaBefore) break;
      if (this.secondPerson(j)) return true;
    }
    for (let j = k - 1; j >= s; j--) {
      if (this.secondPerson(j)) return true;
      if (units[j].commaBefore) break;
    }
    return false;
  }

  private secondPerson(j: number): boolean {
    const w = this.units[j].primary;
    if (SECOND_PERSON.has(w)) return true;
    if (!SECOND_PERSON_VERB.test(w)) return false;
    return j === 0 || !PLACE_PREPOSITIONS.has(this.units[j - 1].primary);
  }

  /** Index of one of `words` within `span` words before k in the same clause, or -1. */
  private clauseBefore(k: number, span: number, words: ReadonlySet<string>): number {
    const { units } = this;
    for (let j = k - 1; j >= 0 && j >= k - span; j--) {
      if (units[j + 1].breakBefore || units[j + 1].commaBefore) return -1;
      if (words.has(units[j].primary)) return j;
    }
    return -1;
  }

  /** Index of one of `words` within `span` words before k in the same sentence, or -1. */
  private sentenceBefore(k: number, span: number, words: ReadonlySet<string>): number {
    const { units } = this;
    for (let j = k - 1; j >= 0 && j >= k - span; j--) {
      if (units[j + 1].breakBefore) return -1;
      if (words.has(units[j].primary)) return j;
    }
    return -1;
  }

  /** Indexes within `span` words of k in the same clause (no sentence break, no comma). */
  private clause(k: number, span: number): number[] {
    const { units } = this;
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
  }

  // --- spelled-out words -----------------------------------------------------------------------

  /**
   * «б л я т ь», «с. у. к. а»: a run of one-letter words is read as one word. A neighbouring
   * one-letter word («и», «в», «а») may be glued to the run, so up to two letters are trimmed
   * from either end; longer runs are not natural obfuscation and are skipped (bounded work).
   */
  private findSpelledOut(): void {
    const { units, lower } = this;
    const single = (u: Unit): boolean => u.elems.length === 1; // one letter, nothing else
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
        SPACED_GAP.test(lower.slice(units[end - 1].end, units[end].start))
      ) {
        end++;
      }
      if (end - k >= 3 && end - k <= MAX_SPELLED_RUN) this.matchSpelled(k, end);
      k = end;
    }
  }

  private matchSpelled(from: number, to: number): void {
    // A complete known word first («и б л я т ь в» is «блять», not «блятьв»), then any root.
    for (const completeOnly of [true, false]) {
      for (let trim = 0; trim <= 2 * MAX_SPELLED_TRIM; trim++) {
        for (let left = 0; left <= Math.min(trim, MAX_SPELLED_TRIM); left++) {
          const right = trim - left;
          const a = from + left;
          const b = to - right;
          if (right > MAX_SPELLED_TRIM || b - a < 3) continue;
          const letters = this.units.slice(a, b).map((u) => u.letters[0]);
          if (letters.filter((l) => l.flags & F_GENUINE).length < 2) continue;
          let strings = readings(letters);
          if (completeOnly) {
            strings = strings.filter(
              (r) => KNOWN_FORMS.has(r) || this.lists.denied(r) !== undefined,
            );
          }
          const hit = this.firstHit(strings, a, b - 1, false, true);
          if (hit) {
            this.add(this.units[a].start, this.units[b - 1].end, hit);
            return;
          }
        }
      }
    }
  }

  // --- threats -------------------------------------------------------------------------------

  /** Threat verbs with their targets, and set phrases (threats and a few rude insults). */
  private findThreats(): void {
    const { units } = this;
    for (let k = 0; k < units.length; k++) {
      const w = units[k].primary;
      if (this.lists.allows(w)) continue;

      if (KILL_VERBS.has(w)) {
        const near = this.clause(k, 4);
        // «убью весь выходной на ожидание» is an idiom
        if (near.some((j) => j > k && TIME_WORDS.has(units[j].primary))) continue;
        const targets = near.filter(
          (j) => Math.abs(j - k) <= THREAT_WINDOW && THREAT_TARGETS.has(units[j].primary),
        );
        const hunt = this.sentenceBefore(k, 4, HUNT_VERBS);
        this.threat(Math.min(k, ...targets, hunt >= 0 ? hunt : k), Math.max(k, ...targets), w);
        continue;
      }

      const kinds = HARM_VERBS.get(w);
      if (kinds) {
        const targets = this.clause(k, THREAT_WINDOW).filter((j) => {
          const kind = THREAT_TARGETS.get(units[j].primary);
          return kind !== undefined && kinds.includes(kind);
        });
        if (targets.length > 0) {
          this.threat(Math.min(k, ...targets), Math.max(k, ...targets), w);
          continue;
        }
        // «найду и закопаю»
        const hunt = kinds.includes('person') ? this.sentenceBefore(k, 4, HUNT_VERBS) : -1;
        if (hunt >= 0) this.threat(hunt, k, w);
        continue;
      }

      for (const { words, category } of PHRASE_INDEX.get(w) ?? []) {
        let ok = k + words.length <= units.length;
        for (let p = 1; ok && p < words.length; p++) {
          const u = units[k + p];
          ok = !u.breakBefore && u.primary === words[p];
        }
        if (ok) {
          this.phrase(k, k + words.length - 1, words.join(' '), category);
          break;
        }
      }
    }
  }

  private threat(from: number, to: number, term: string): void {
    this.phrase(from, to, term, 'threat');
  }

  private phrase(from: number, to: number, term: string, category: AbuseCategory): void {
    const words = this.units.slice(from, to + 1).map((u) => u.primary);
    this.add(this.units[from].start, this.units[to].end, {
      category,
      term,
      normalized: words.join(' '),
    });
  }
}

/** «т-в-а-р-и»: every hyphen-separated part is one letter. */
function lettersOneByOne(elems: readonly Elem[]): boolean {
  let run = 0;
  for (const x of elems) {
    if (x.t === 'letter') {
      if (++run > 1) return false;
    } else run = 0;
  }
  return true;
}

function hyphenParts(elems: readonly Elem[]): Letter[][] {
  const parts: Letter[][] = [[]];
  for (const x of elems) {
    if (x.t === 'hyphen') parts.push([]);
    else if (x.t === 'letter') parts[parts.length - 1].push(x);
  }
  return parts;
}

/** Letter, one separator, letter, … («х*у*й», «с_у_к_а»). */
function isAlternating(elems: readonly Elem[]): boolean {
  if (elems.length % 2 === 0) return false;
  for (let k = 0; k < elems.length; k++) {
    const x = elems[k];
    if (k % 2 === 0 ? x.t !== 'letter' : x.t === 'letter' || (x.t === 'gap' && x.masks !== 1)) {
      return false;
    }
  }
  return true;
}

type MaskItem = { alts: Alts; wild: boolean } | { min: number; max: number; masks: number };

/** Letters and gaps; hyphens dropped, a repeated letter collapsed; symbols may be masks. */
function maskItems(elems: readonly Elem[]): MaskItem[] {
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
