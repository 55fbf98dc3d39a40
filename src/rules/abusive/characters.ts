/**
 * Characters: one table lookup per character. Every letter-like character (of the lower-cased
 * text) maps to the Cyrillic letters it may stand for — look-alikes, digits and symbols
 * included — or says what it does between letters (mask, dot, hyphen, space…).
 */

export type Alts = readonly string[];

export const K_HARD = 0;
export const K_LETTER = 1;
/** Hides a letter: х*й, х#й, х_й. */
export const K_MASK = 2;
export const K_DOT = 3;
/** May separate the letters of one word: по-хуй, х-у-й. */
export const K_HYPHEN = 4;
export const K_ELLIPSIS = 5;
/** Invisible characters slipped into a word. */
export const K_IGNORABLE = 6;
export const K_SPACE = 7;

export const F_GENUINE = 1; // a real letter, not a digit or symbol standing for one
export const F_LATIN = 2;
export const F_SYMBOL = 4; // «@», «$», «€»: a look-alike or a mask («п@зд@» is пизда, not «пазда»)

export const KIND = new Uint8Array(0x10000);
export const FLAGS = new Uint8Array(0x10000);
export const ALTS = new Map<number, Alts>();

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
export const VISUAL_LATIN = /^[abcehkmnoprtuxy]+$/;
export const VISUAL_ALTS: Readonly<Record<string, Alts>> = {
  b: ['в', 'ь'],
  h: ['н'],
  n: ['п'],
  r: ['г'],
  u: ['и'],
};

/** Lower case of the same length, so offsets stay valid («İ» would grow). */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  const out: string[] = [];
  for (const ch of text) {
    const l = ch.toLowerCase();
    out.push(l.length === ch.length ? l : ch);
  }
  return out.join('');
}
