import { detectAbuse as sut } from '../../src/rules/abusive/abusive.detector';
import type { AbuseCategory } from '../../src/rules/abusive/lexicon';
import { ABUSIVE_CASES, CLEAN_CASES, CORPUS } from './abusive.corpus';

/** The detector on its labelled corpus (docs/rules-abusive-corpus.md); a unit spec, no database. */
const categories = (text: string): AbuseCategory[] => sut([text]).map((f) => f.category);

describe('abusive corpus', () => {
  it('has at least 80 clean and 80 abusive sentences', () => {
    expect(CLEAN_CASES.length).toBeGreaterThanOrEqual(80);
    expect(ABUSIVE_CASES.length).toBeGreaterThanOrEqual(80);
  });

  it('has no false positives and a recall of at least 0.95', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const falsePositives: string[] = [];
    for (const c of CORPUS) {
      const flagged = sut([c.text]).length > 0;
      if (flagged && c.abusive) tp++;
      else if (flagged) {
        fp++;
        falsePositives.push(c.text);
      } else if (c.abusive) fn++;
    }
    expect(falsePositives).toEqual([]);
    expect(fp).toBe(0);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.95);
  });

  it('finds the labelled category in each abusive sentence it flags', () => {
    const wrong = ABUSIVE_CASES.filter((c) => {
      const found = categories(c.text);
      return found.length > 0 && c.category !== undefined && !found.includes(c.category);
    }).map((c) => c.text);
    expect(wrong).toEqual([]);
  });
});
