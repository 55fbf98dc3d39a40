import type { AbuseLists } from './abuse-lists';
import type { Hit } from './lexicon-index';
import { PHRASE_INDEX } from './lexicon-index';
import {
  HARM_VERBS,
  HUNT_VERBS,
  KILL_VERBS,
  THREAT_TARGETS,
  TIME_WORDS,
  type AbuseCategory,
} from './lexicon';
import type { Unit } from './units';
import type { WordContext } from './word-context';

const THREAT_WINDOW = 4;

/**
 * Threats (59-ФЗ ст. 11 ч. 3: threats to the life, health or property of staff): a kill or harm
 * verb near its target or after «найду», and set phrases, threats and a few rude insults.
 */
export class ThreatScan {
  constructor(
    private readonly units: readonly Unit[],
    private readonly context: WordContext,
    private readonly lists: AbuseLists,
    private readonly add: (start: number, end: number, hit: Hit) => void,
  ) {}

  /** Threat verbs with their targets, and set phrases (threats and a few rude insults). */
  run(): void {
    const { units } = this;
    for (let k = 0; k < units.length; k++) {
      const w = units[k].primary;
      if (this.lists.allows(w)) continue;

      if (KILL_VERBS.has(w)) {
        const near = this.context.clause(k, 4);
        // «убью весь выходной на ожидание» is an idiom
        if (near.some((j) => j > k && TIME_WORDS.has(units[j].primary))) continue;
        const targets = near.filter(
          (j) => Math.abs(j - k) <= THREAT_WINDOW && THREAT_TARGETS.has(units[j].primary),
        );
        const hunt = this.context.sentenceBefore(k, 4, HUNT_VERBS);
        this.threat(Math.min(k, ...targets, hunt >= 0 ? hunt : k), Math.max(k, ...targets), w);
        continue;
      }

      const kinds = HARM_VERBS.get(w);
      if (kinds) {
        const targets = this.context.clause(k, THREAT_WINDOW).filter((j) => {
          const kind = THREAT_TARGETS.get(units[j].primary);
          return kind !== undefined && kinds.includes(kind);
        });
        if (targets.length > 0) {
          this.threat(Math.min(k, ...targets), Math.max(k, ...targets), w);
          continue;
        }
        // «найду и закопаю»
        const hunt = kinds.includes('person') ? this.context.sentenceBefore(k, 4, HUNT_VERBS) : -1;
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
