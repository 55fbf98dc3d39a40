import {
  ALTS,
  FLAGS,
  F_GENUINE,
  F_LATIN,
  F_SYMBOL,
  KIND,
  K_DOT,
  K_ELLIPSIS,
  K_HARD,
  K_HYPHEN,
  K_IGNORABLE,
  K_LETTER,
  K_MASK,
  K_SPACE,
  type Alts,
} from './characters';

/**
 * Units: the words of a text with their spans, as elements (letters with their readings, masked
 * gaps, hyphens), and what separates each from the one before (a sentence or a clause break).
 * Addresses and URLs are skipped; letters spelled out between dots are joined into one word.
 */

export interface Letter {
  t: 'letter';
  alts: Alts;
  flags: number;
  start: number;
}
/** A masked stretch: «*» hides exactly one letter, «...» one to four. */
export interface Gap {
  t: 'gap';
  min: number;
  max: number;
  /** Number of mask characters; 0 for an ellipsis, whose length means nothing. */
  masks: number;
}
export interface Hyphen {
  t: 'hyphen';
}
export type Elem = Letter | Gap | Hyphen;

export interface Unit {
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
export const SPACED_GAP = /^[\s.\-_*·/\\|]*$/; // «т в а р и», «т/в/а/р/и»

const TAIL_MASKS = new Set('*#');
const GAP_ELLIPSIS: Gap = { t: 'gap', min: 1, max: 4, masks: 0 };
const HYPHEN: Hyphen = { t: 'hyphen' };

export function tokenize(lower: string): Unit[] {
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

/** «т-в-а-р-и»: every hyphen-separated part is one letter. */
export function lettersOneByOne(elems: readonly Elem[]): boolean {
  let run = 0;
  for (const x of elems) {
    if (x.t === 'letter') {
      if (++run > 1) return false;
    } else run = 0;
  }
  return true;
}

export function hyphenParts(elems: readonly Elem[]): Letter[][] {
  const parts: Letter[][] = [[]];
  for (const x of elems) {
    if (x.t === 'hyphen') parts.push([]);
    else if (x.t === 'letter') parts[parts.length - 1].push(x);
  }
  return parts;
}

/** Letter, one separator, letter, … («х*у*й», «с_у_к_а»). */
export function isAlternating(elems: readonly Elem[]): boolean {
  if (elems.length % 2 === 0) return false;
  for (let k = 0; k < elems.length; k++) {
    const x = elems[k];
    if (k % 2 === 0 ? x.t !== 'letter' : x.t === 'letter' || (x.t === 'gap' && x.masks !== 1)) {
      return false;
    }
  }
  return true;
}
