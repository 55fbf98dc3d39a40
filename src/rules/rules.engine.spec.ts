import type { RuleName } from './rule-registry';
import type { RuleFinding, RuleSetting, SimilarAppeal } from './rule.types';
import { decide as sut } from './rules.engine';

const defaults: Record<RuleName, RuleSetting> = {
  anonymous: 'reject',
  abusive: 'review',
  duplicate: 'reject',
  repeated: 'review',
};
const original: SimilarAppeal = {
  id: 'orig',
  regNumber: '2026-000007',
  status: 'assigned',
  registeredAt: new Date(),
  answeredAt: null,
  dueDate: '2026-05-08',
  similarity: 0.9,
  matchedBy: ['account'],
};
const findings = (fired: Partial<Record<RuleName, boolean>>): RuleFinding[] =>
  (['anonymous', 'abusive', 'duplicate', 'repeated'] as RuleName[]).map((rule) => ({
    rule,
    fired: fired[rule] ?? false,
    detail: `${rule} detail`,
    relatedAppeal: rule === 'duplicate' || rule === 'repeated' ? original : undefined,
  }));

describe('rules engine', () => {
  it('registers an appeal no rule objects to, recording a pass for every rule', () => {
    const out = sut(findings({}), defaults);
    expect(out.status).toBe('registered');
    expect(out.checks.map((c) => `${c.rule}:${c.verdict}`)).toEqual([
      'anonymous:pass',
      'abusive:pass',
      'duplicate:pass',
      'repeated:pass',
    ]);
  });

  it('rejects an anonymous appeal with reason anonymous', () => {
    expect(sut(findings({ anonymous: true }), defaults)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'anonymous',
    });
  });

  it('makes a duplicate of an open appeal a duplicate of it', () => {
    expect(sut(findings({ duplicate: true }), defaults)).toMatchObject({
      status: 'duplicate',
      duplicateOf: { id: 'orig' },
      rejectionReason: null,
    });
  });

  it('sends abusive and repeated appeals to a person by default', () => {
    expect(sut(findings({ abusive: true }), defaults).status).toBe('under_review');
    expect(sut(findings({ repeated: true }), defaults).status).toBe('under_review');
  });

  it('lets a rejection win over a review, anonymous first', () => {
    expect(sut(findings({ abusive: true, duplicate: true }), defaults).status).toBe('duplicate');
    expect(sut(findings({ anonymous: true, duplicate: true }), defaults)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'anonymous',
    });
  });

  it('follows the configured verdicts', () => {
    expect(sut(findings({ abusive: true }), { ...defaults, abusive: 'reject' })).toMatchObject({
      status: 'rejected',
      rejectionReason: 'abusive',
    });
    expect(sut(findings({ duplicate: true }), { ...defaults, duplicate: 'review' }).status).toBe(
      'under_review',
    );
    expect(sut(findings({ repeated: true }), { ...defaults, repeated: 'reject' })).toMatchObject({
      status: 'rejected',
      rejectionReason: 'repeated',
    });
  });

  it('ignores a rule that is off, saying so in its check', () => {
    const out = sut(findings({ anonymous: true }), { ...defaults, anonymous: 'off' });
    expect(out.status).toBe('registered');
    expect(out.checks[0]).toMatchObject({ rule: 'anonymous', verdict: 'pass' });
    expect(out.checks[0].detail).toContain('отключено');
  });

  it('records the verdict of every rule that fired', () => {
    const out = sut(findings({ abusive: true, repeated: true }), defaults);
    expect(out.checks.filter((c) => c.verdict === 'review').map((c) => c.rule)).toEqual([
      'abusive',
      'repeated',
    ]);
  });
});
