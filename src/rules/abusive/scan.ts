import type { AbuseLists } from './abuse-lists';
import { ALTS, FLAGS, F_GENUINE, lowerSameLength, VISUAL_ALTS, VISUAL_LATIN } from './characters';
import {
  CONTEXT_INDEX,
  KNOWN_FORMS,
  LATIN_FORMS,
  MASK_BUCKETS,
  ROOTS,
  ROOT_HINT,
  WORD_INDEX,
  type Hit,
} from './lexicon-index';
import {
  ALLOWED_WORDS,
  DEATH_WISH_MARKERS,
  DEATH_WISH_PAST,
  DEATH_WISH_TERM,
  LATIN_ALLOWED,
  WRITTEN_ALLOWED_PREFIXES,
  normalizeEntry,
  type AbuseCategory,
} from './lexicon';
import { MASKED_VOWELS, fits, maskItems, type MaskItem } from './masks';
import { readings, transliterate } from './readings';
import { ThreatScan } from './threats';
import {
  SPACED_GAP,
  hyphenParts,
  isAlternating,
  lettersOneByOne,
  tokenize,
  type Elem,
  type Unit,
} from './units';
import { WordContext } from './word-context';

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

const MAX_SPELLED_RUN = 16;
const MAX_SPELLED_TRIM = 2;

/** Matching one text: each word, then spelled-out runs, then threats; findings in text order. */
export class Scan {
  private readonly lower: string;
  private readonly units: Unit[];
  private readonly context: WordContext;
  private readonly hits: { start: number; end: number; hit: Hit }[] = [];

  constructor(
    private readonly text: string,
    private readonly lists: AbuseLists,
  ) {
    this.lower = lowerSameLength(text);
    this.units = tokenize(this.lower);
    this.context = new WordContext(this.lower, this.units);
  }

  run(findings: AbuseFinding[]): void {
    const { units } = this;
    for (let k = 0; k < units.length; k++) {
      const hit = this.matchUnit(units[k], k);
      if (hit) this.add(units[k].start, units[k].end, hit);
    }
    this.findSpelledOut();
    new ThreatScan(this.units, this.context, this.lists, (s, e, hit) => this.add(s, e, hit)).run();

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
      if (this.context.guardAllows(entry.guard, first, last)) {
        return { category: entry.category, term: entry.term, normalized: s };
      }
    }
    const ctx = translitOnly ? undefined : CONTEXT_INDEX.get(s);
    if (
      ctx &&
      (disguised || (withContext && this.context.addressed(first, ctx.entry, ctx.instrumental)))
    ) {
      return { category: 'insult', term: ctx.entry.term, normalized: s };
    }
    if (!withContext) return null;
    if (DEATH_WISH_PAST.has(s) && this.context.sentenceBefore(first, 3, DEATH_WISH_MARKERS) >= 0) {
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
          this.context.guardAllows(mf.guard, k, k)
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
}
