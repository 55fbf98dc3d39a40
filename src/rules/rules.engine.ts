import type { CheckResult, RejectionReason } from '../appeals/appeal.enums';
import type { RuleFinding, RuleName, RuleSetting, RulesOutcome } from './rule.types';

/** Which automatic rejection wins when several rules reject (anonymous has no one to notify). */
const REJECT_PRECEDENCE: RuleName[] = ['anonymous', 'duplicate', 'repeated', 'abusive'];

const REASON: Record<Exclude<RuleName, 'duplicate'>, RejectionReason> = {
  anonymous: 'anonymous',
  repeated: 'repeated',
  abusive: 'abusive',
};

/** Turns the rules' findings and the configured verdicts into checks and a status. Pure. */
export function decide(
  findings: RuleFinding[],
  verdicts: Record<RuleName, RuleSetting>,
): RulesOutcome {
  const checks: CheckResult[] = findings.map((f) => {
    const setting = verdicts[f.rule];
    if (setting === 'off')
      return { rule: f.rule, verdict: 'pass', detail: `Правило отключено. ${f.detail}` };
    return { rule: f.rule, verdict: f.fired ? setting : 'pass', detail: f.detail };
  });
  const rejecting = (rule: RuleName): RuleFinding | undefined =>
    findings.find((f) => f.rule === rule && f.fired && verdicts[rule] === 'reject');

  for (const rule of REJECT_PRECEDENCE) {
    const f = rejecting(rule);
    if (!f) continue;
    if (rule === 'duplicate') {
      return {
        checks,
        status: 'duplicate',
        rejectionReason: null,
        duplicateOf: f.relatedAppeal ?? null,
      };
    }
    return { checks, status: 'rejected', rejectionReason: REASON[rule], duplicateOf: null };
  }
  const review = checks.some((c) => c.verdict === 'review');
  return {
    checks,
    status: review ? 'under_review' : 'registered',
    rejectionReason: null,
    duplicateOf: null,
  };
}
