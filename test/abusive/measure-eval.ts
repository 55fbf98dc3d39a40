/**
 * Recall of the `abusive` detector on the independent evaluation set, false positives on the
 * benign sentences and on every form of the Russian Hunspell dictionary:
 * `npx ts-node --transpile-only test/abusive/measure-eval.ts [--misses]`.
 */
import { detectAbuse } from '../../src/rules/abusive/abusive.detector';
import { DICTIONARY_ABUSIVE_STEMS } from './dictionary-abusive';
import { BENIGN_SENTENCES, LDNOOBW_WORDS, OWN_WORDS } from './eval-words';
import { evaluate, pct } from './evaluate';
import { dictionaryForms } from './hunspell';

function main(): void {
  const showMisses = process.argv.includes('--misses');
  for (const [name, set] of [
    ['own words (issue 17)', OWN_WORDS],
    ['LDNOOBW ru', LDNOOBW_WORDS],
  ] as const) {
    const r = evaluate(set);
    console.log(`\n${name}: ${set.length} words, recall ${pct([r.found, r.total])}`);
    for (const [k, v] of Object.entries(r.byCategory)) console.log(`  ${k.padEnd(26)} ${pct(v)}`);
    for (const [k, v] of Object.entries(r.byDisguise)) console.log(`  ${k.padEnd(26)} ${pct(v)}`);
    if (showMisses) for (const m of r.misses) console.log(`  MISS ${m}`);
  }

  const benign = BENIGN_SENTENCES.filter((s) => detectAbuse([s]).length > 0);
  console.log(`\nbenign sentences flagged: ${benign.length}/${BENIGN_SENTENCES.length}`);
  for (const s of benign) console.log(`  FP ${s}`);

  const started = Date.now();
  const forms = dictionaryForms();
  const flagged = new Map<string, string[]>();
  for (const { form, stem } of forms) {
    if (detectAbuse([form]).length > 0) flagged.set(stem, [...(flagged.get(stem) ?? []), form]);
  }
  const unreviewed = [...flagged].filter(([stem]) => !DICTIONARY_ABUSIVE_STEMS.has(stem));
  console.log(
    `\ndictionary: ${forms.length} forms of ${new Set(forms.map((f) => f.stem)).size} entries, ` +
      `${[...flagged.values()].flat().length} forms of ${flagged.size} entries flagged, ` +
      `${unreviewed.length} entries not in the reviewed list (${Date.now() - started} ms)`,
  );
  for (const [stem, fs] of unreviewed) console.log(`  ${stem}: ${fs.join(' ')}`);
}

main();
