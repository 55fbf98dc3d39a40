import type { CheckResult } from '../appeals/appeal.enums';
import { RULES } from './rule-registry';
import type {
  RuleDefinition,
  RuleFinding,
  RuleInput,
  RuleSetting,
  RulesOutcome,
} from './rule.types';

/** The configured setting of each rule, by name. */
export type RuleVerdicts = Readonly<Record<string, RuleSetting>>;

/** Runs every registered rule's check on the input and decides. Pure. */
export function evaluateRules(
  input: RuleInput,
  verdicts: RuleVerdicts,
  rules: readonly RuleDefinition[] = RULES,
): RulesOutcome {
  return decide(
    rules.map((r) => ({ ...r.check(input), rule: r.name })),
    verdicts,
    rules,
  );
}

/** Turns the rules' findings and the configured verdicts into checks and a status. Pure. */
export function decide(
  findings: RuleFinding[],
  verdicts: RuleVerdicts,
  rules: readonly RuleDefinition[] = RULES,
): RulesOutcome {
  const settingOf = (rule: string): RuleSetting => {
    const setting = verdicts[rule];
    if (!setting) throw new Error(`No setting for rule ${rule}`);
    return setting;
  };
  const checks: CheckResult[] = findings.map((f) => {
    const setting = settingOf(f.rule);
    if (setting === 'off')
      return { rule: f.rule, verdict: 'pass', detail: `Правило отключено. ${f.detail}` };
    return { rule: f.rule, verdict: f.fired ? setting : 'pass', detail: f.detail };
  });

  // Which automatic rejection wins when several rules reject: the lowest precedence.
  const byPrecedence = [...rules].sort((a, b) => a.precedence - b.precedence);
  for (const rule of byPrecedence) {
    const f = findings.find((x) => x.rule === rule.name && x.fired);
    if (!f || settingOf(rule.name) !== 'reject') continue;
    if (rule.outcome.kind === 'join_open_case') {
      return {
        checks,
        status: 'duplicate',
        rejectionReason: null,
        duplicateOf: f.relatedAppeal ?? null,
      };
    }
    return {
      checks,
      status: 'rejected',
      rejectionReason: rule.outcome.reason,
      duplicateOf: null,
    };
  }
  const review = checks.some((c) => c.verdict === 'review');
  return {
    checks,
    status: review ? 'under_review' : 'registered',
    rejectionReason: null,
    duplicateOf: null,
  };
}
