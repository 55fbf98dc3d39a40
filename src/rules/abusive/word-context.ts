import { CONTEXT_INDEX } from './lexicon-index';
import {
  ADDRESS_BLOCKERS,
  ADDRESS_WORDS,
  EXCLAMATION_FILLERS,
  NAMING_WORDS,
  SECOND_PERSON,
  type ContextEntry,
  type Guard,
} from './lexicon';
import type { Unit } from './units';

const YOU: ReadonlySet<string> = new Set(['вы', 'ты']);
/** Second-person verb forms: «почините», «сделайте», «издеваетесь», «думаешь». */
const SECOND_PERSON_VERB = /^[а-я]{2,}(?:ете|ите|йте|етесь|итесь|йтесь|ешь|ишь|ешься|ишься)$/;
/** «в лимите», «на сайте», «о кредите» end like verbs. */
const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set(['в', 'во', 'на', 'о', 'об', 'при', 'по']);
const VOCATIVE_SPAN = 30;

/**
 * The words around a unit: its sentence and clause, the guards of lexicon entries, and the
 * animal-context rule — whether a word that insults only when said of a person («свиньи»,
 * «козлы») is said of one here, and not of the rats in the basement.
 */
export class WordContext {
  constructor(
    private readonly lower: string,
    private readonly units: readonly Unit[],
  ) {}

  /** Guards look at the words around the matched one(s), units[first..last]. */
  guardAllows(guard: Guard | undefined, first: number, last: number): boolean {
    if (!guard) return true;
    const prev = first > 0 ? this.units[first - 1].primary : undefined;
    const next = last + 1 < this.units.length ? this.units[last + 1].primary : undefined;
    if (guard.notAfter && prev !== undefined && guard.notAfter.has(prev)) return false;
    if (guard.notBefore && next !== undefined && guard.notBefore.has(next)) return false;
    if (guard.onlyBefore && (next === undefined || !guard.onlyBefore.has(next))) return false;
    return true;
  }

  /** Is the context word at k said of a person? The cases are listed at CONTEXT_INSULTS. */
  addressed(k: number, entry: ContextEntry, instrumental: boolean): boolean {
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
  clauseBefore(k: number, span: number, words: ReadonlySet<string>): number {
    const { units } = this;
    for (let j = k - 1; j >= 0 && j >= k - span; j--) {
      if (units[j + 1].breakBefore || units[j + 1].commaBefore) return -1;
      if (words.has(units[j].primary)) return j;
    }
    return -1;
  }

  /** Index of one of `words` within `span` words before k in the same sentence, or -1. */
  sentenceBefore(k: number, span: number, words: ReadonlySet<string>): number {
    const { units } = this;
    for (let j = k - 1; j >= 0 && j >= k - span; j--) {
      if (units[j + 1].breakBefore) return -1;
      if (words.has(units[j].primary)) return j;
    }
    return -1;
  }

  /** Indexes within `span` words of k in the same clause (no sentence break, no comma). */
  clause(k: number, span: number): number[] {
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
}
