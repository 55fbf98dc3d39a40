import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Every word form of the Russian Hunspell dictionary (npm `dictionary-ru`, A. Lebedev's
 * ru_RU, BSD-3-Clause): each stem of index.dic expanded by the suffix rules of index.aff that
 * its flags name. The Russian .aff has suffix rules only, no prefixes and no continuation flags,
 * so one pass is the whole expansion (146 270 stems → about 1.44 million forms).
 */
export interface DictionaryForm {
  form: string;
  /** The dictionary entry it was made from (its lemma as written in index.dic). */
  stem: string;
}

interface SuffixRule {
  strip: string;
  add: string;
  condition: RegExp;
}

const DIR = path.join(__dirname, '..', '..', 'node_modules', 'dictionary-ru');

export function dictionaryForms(): DictionaryForm[] {
  const rules = new Map<string, SuffixRule[]>();
  for (const line of readFileSync(path.join(DIR, 'index.aff'), 'utf8').split('\n')) {
    const p = line.trim().split(/\s+/);
    // «SFX Z Y 4» is a header; «SFX Z ый о [лнртв]ый» a rule.
    if (p[0] !== 'SFX' || p.length < 5) continue;
    const [, flag, strip, add, condition] = p;
    rules.set(flag, [
      ...(rules.get(flag) ?? []),
      {
        strip: strip === '0' ? '' : strip,
        add: add === '0' ? '' : add.split('/')[0],
        condition: new RegExp(`${condition === '.' ? '' : condition}$`),
      },
    ]);
  }
  const out: DictionaryForm[] = [];
  const lines = readFileSync(path.join(DIR, 'index.dic'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    if (!line) continue;
    const [stem, flags = ''] = line.split('/');
    const seen = new Set([stem]);
    out.push({ form: stem, stem });
    for (const flag of flags) {
      for (const r of rules.get(flag) ?? []) {
        if (!stem.endsWith(r.strip) || !r.condition.test(stem)) continue;
        const form = stem.slice(0, stem.length - r.strip.length) + r.add;
        if (!seen.has(form)) {
          seen.add(form);
          out.push({ form, stem });
        }
      }
    }
  }
  return out;
}
