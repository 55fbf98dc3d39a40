import { AbuseLists } from './abuse-lists';
import type { AbuseCategory } from './lexicon';
import { Scan, type AbuseFinding } from './scan';

export type { AbuseCategory } from './lexicon';
export type { AbuseFinding } from './scan';

/*
 * The detector reads a text in steps, each in its own file: characters.ts (what each character
 * may stand for), units.ts (words and their separators), readings.ts and masks.ts (undoing
 * disguises), lexicon-index.ts (lookups over lexicon.ts), word-context.ts (sentences, clauses,
 * whether an animal word is said of a person), threats.ts, and scan.ts, which runs them.
 */

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
