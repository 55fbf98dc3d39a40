import { detectAbuse } from '../../src/rules/abusive/abusive.detector';
import { disguised } from './disguise';
import type { EvalWord } from './eval-words';

export interface EvalResult {
  total: number;
  found: number;
  /** Recall by word category and by disguise: [found, total]. */
  byCategory: Record<string, [number, number]>;
  byDisguise: Record<string, [number, number]>;
  misses: string[];
}

const bump = (m: Record<string, [number, number]>, key: string, hit: boolean): void => {
  const v = (m[key] ??= [0, 0]);
  if (hit) v[0]++;
  v[1]++;
};

/** Tries every word of a set in every disguise; a case counts when anything is flagged. */
export function evaluate(set: readonly EvalWord[]): EvalResult {
  const r: EvalResult = { total: 0, found: 0, byCategory: {}, byDisguise: {}, misses: [] };
  for (const w of set) {
    for (const { disguise, text } of disguised(w.word, w.frame)) {
      const hit = detectAbuse([text]).length > 0;
      r.total++;
      if (hit) r.found++;
      else r.misses.push(`${w.category} / ${disguise}: ${text}`);
      bump(r.byCategory, w.category, hit);
      bump(r.byDisguise, disguise, hit);
    }
  }
  return r;
}

export const pct = ([found, total]: [number, number]): string =>
  `${((100 * found) / total).toFixed(1)} % (${found}/${total})`;
