import { loadConfig, parseRuleVerdicts } from '../config/app-config';
import { toDraft } from '../intake/to-draft';
import { AbuseLists } from './abusive/abuse-lists';
import { REJECTION_REASON_DEFINITIONS } from './rejection-reasons';
import { RULES, ruleSettingKey } from './rule-registry';
import type { RuleDefinition, RuleInput } from './rule.types';
import { evaluateRules as sut } from './rules.engine';

const input = (text: string, applicant: Record<string, string> = {}): RuleInput => ({
  draft: toDraft({
    channel: 'post',
    applicant: { lastName: 'Иванов', postalAddress: 'г. Тверь', ...applicant },
    text,
  }),
  similar: [],
  similarityThreshold: 0.6,
  abuseLists: AbuseLists.EMPTY,
});

/** A rule added the way docs/architecture.md says: one definition, nothing else touched. */
const advertising: RuleDefinition = {
  name: 'advertising',
  label: 'Реклама вместо обращения',
  defaultSetting: 'review',
  precedence: 0,
  outcome: { kind: 'reject', reason: 'essence_unclear' },
  needs: [],
  check: ({ draft }) =>
    /скидк/i.test(draft.text)
      ? { fired: true, detail: 'Текст предлагает скидки' }
      : { fired: false, detail: 'Рекламы нет' },
};
const withAdvertising = [...RULES, advertising];

describe('rule registry', () => {
  it('runs the rules in the order their checks are stored (SPEC §4)', () => {
    expect(RULES.map((r) => r.name)).toEqual(['anonymous', 'abusive', 'duplicate', 'repeated']);
  });

  it('keeps the SPEC §4 defaults and the precedence anonymous → duplicate → repeated → abusive', () => {
    expect(Object.fromEntries(RULES.map((r) => [r.name, r.defaultSetting]))).toEqual({
      anonymous: 'reject',
      abusive: 'review',
      duplicate: 'reject',
      repeated: 'review',
    });
    expect([...RULES].sort((a, b) => a.precedence - b.precedence).map((r) => r.name)).toEqual([
      'anonymous',
      'duplicate',
      'repeated',
      'abusive',
    ]);
  });

  it('gives every rule a unique name, setting, precedence and label', () => {
    for (const key of ['name', 'precedence', 'label'] as const) {
      expect(new Set(RULES.map((r) => r[key])).size).toBe(RULES.length);
    }
    expect(RULES.map((r) => ruleSettingKey(r.name))).toEqual([
      'RULE_ANONYMOUS',
      'RULE_ABUSIVE',
      'RULE_DUPLICATE',
      'RULE_REPEATED',
    ]);
  });

  it('rejects only with registered reasons; duplicate joins the open case', () => {
    for (const r of RULES as readonly RuleDefinition[]) {
      if (r.outcome.kind === 'reject')
        expect(REJECTION_REASON_DEFINITIONS).toHaveProperty(r.outcome.reason);
    }
    expect(RULES.find((r) => r.name === 'duplicate')?.outcome).toEqual({ kind: 'join_open_case' });
  });

  it('reads every registered rule’s setting from the environment', () => {
    expect(loadConfig({}).rules.verdicts).toEqual({
      anonymous: 'reject',
      abusive: 'review',
      duplicate: 'reject',
      repeated: 'review',
    });
    expect(loadConfig({ RULE_REPEATED: 'reject' }).rules.verdicts.repeated).toBe('reject');
    expect(() => loadConfig({ RULE_ABUSIVE: 'maybe' })).toThrow(
      'RULE_ABUSIVE must be reject, review or off, got "maybe"',
    );
  });
});

describe('adding a rule (one definition)', () => {
  it('parses its setting RULE_<NAME>, with its own default', () => {
    const problems: string[] = [];
    expect(parseRuleVerdicts({}, withAdvertising, problems).advertising).toBe('review');
    expect(
      parseRuleVerdicts({ RULE_ADVERTISING: 'reject' }, withAdvertising, problems).advertising,
    ).toBe('reject');
    expect(problems).toEqual([]);
    parseRuleVerdicts({ RULE_ADVERTISING: 'always' }, withAdvertising, problems);
    expect(problems).toEqual(['RULE_ADVERTISING must be reject, review or off, got "always"']);
  });

  it('evaluates it after the others and stores its check', () => {
    const verdicts = parseRuleVerdicts({}, withAdvertising, []);
    const out = sut(input('Скидки на окна до 50%!'), verdicts, withAdvertising);
    expect(out.checks.map((c) => `${c.rule}:${c.verdict}`)).toEqual([
      'anonymous:pass',
      'abusive:pass',
      'duplicate:pass',
      'repeated:pass',
      'advertising:review',
    ]);
    expect(out.status).toBe('under_review');
    expect(sut(input('Нет горячей воды'), verdicts, withAdvertising).status).toBe('registered');
  });

  it('applies its outcome by its precedence among automatic rejections', () => {
    const verdicts = parseRuleVerdicts({ RULE_ADVERTISING: 'reject' }, withAdvertising, []);
    // Precedence 0 wins even over anonymous.
    const anonymousAd = input('Скидки на окна!', { lastName: '' });
    expect(sut(anonymousAd, verdicts, withAdvertising)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'essence_unclear',
    });
    // Placed after anonymous, anonymous wins.
    const last = [...RULES, { ...advertising, precedence: 9 }];
    expect(sut(anonymousAd, verdicts, last)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'anonymous',
    });
    // Off: it still runs and says so.
    const off = sut(anonymousAd, { ...verdicts, advertising: 'off' }, withAdvertising);
    expect(off.checks[4]).toMatchObject({ rule: 'advertising', verdict: 'pass' });
    expect(off.checks[4].detail).toMatch(/^Правило отключено\./);
  });
});
