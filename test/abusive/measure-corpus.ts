/**
 * Measures the `abusive` detector on its labelled corpus:
 * `npx ts-node --transpile-only test/abusive/measure-corpus.ts`.
 */
import { CORPUS } from './abusive.corpus';
import { describeAbuse, detectAbuse } from '../../src/rules/abusive/abusive.detector';

const ratio = (a: number, b: number): string => (b === 0 ? 'n/a' : (a / b).toFixed(3));

function main(): void {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const c of CORPUS) {
    const findings = detectAbuse([c.text]);
    const flagged = findings.length > 0;
    if (flagged && c.abusive) tp++;
    else if (flagged) {
      fp++;
      wrong.push(`FP  ${c.text}\n    ${describeAbuse(findings)}`);
    } else if (c.abusive) {
      fn++;
      wrong.push(`FN  ${c.text}${c.note ? `  (${c.note})` : ''}`);
    } else tn++;
  }
  // Speed on a 100 KB text made of the corpus: best of five runs after a warm-up.
  const big = CORPUS.map((c) => c.text)
    .join(' ')
    .repeat(10)
    .slice(0, 100_000);
  let ms = Infinity;
  for (let run = 0; run < 6; run++) {
    const started = process.hrtime.bigint();
    detectAbuse([big]);
    if (run > 0) ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6);
  }

  console.log(`cases: ${CORPUS.length} (abusive ${tp + fn}, clean ${tn + fp})`);
  console.log(`TP ${tp}  FP ${fp}  TN ${tn}  FN ${fn}`);
  console.log(`precision ${ratio(tp, tp + fp)}  recall ${ratio(tp, tp + fn)}`);
  console.log(
    `speed: ${big.length} characters of corpus text in one appeal, ${ms.toFixed(1)} ms (best of 5)`,
  );
  if (wrong.length > 0) console.log(`\nmisclassified:\n${wrong.join('\n')}`);
}

main();
