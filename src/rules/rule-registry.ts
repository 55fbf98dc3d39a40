import { checkAbusive } from './abusive.rule';
import { checkAnonymous } from './anonymous.rule';
import type { RuleDefinition, RuleNeed } from './rule.types';
import { checkDuplicate, checkRepeated } from './similar-appeal.rules';

/**
 * Every rejection rule (SPEC §4), in the order their checks are run and stored on the appeal.
 * The engine, the config (`RULE_<NAME>`) and the docs' tables follow this list; a new rule is
 * one file with its spec, one entry here and, for a new reason, one entry in
 * rejection-reasons.ts (docs/architecture.md, "Adding a rejection rule").
 */
export const RULES = [
  {
    name: 'anonymous',
    label: 'Анонимное обращение',
    defaultSetting: 'reject',
    // First: an anonymous appeal gets no notice at all (59-ФЗ ст. 11 ч. 1), whatever else fired.
    precedence: 1,
    outcome: { kind: 'reject', reason: 'anonymous' },
    needs: [],
    check: ({ draft }) => checkAnonymous(draft),
  },
  {
    name: 'abusive',
    label: 'Нецензурные или оскорбительные выражения, угрозы',
    defaultSetting: 'review',
    precedence: 4,
    outcome: { kind: 'reject', reason: 'abusive' },
    needs: ['abuseLists'],
    check: ({ draft, abuseLists }) => checkAbusive(draft, abuseLists),
  },
  {
    name: 'duplicate',
    label: 'Дубликат обращения на рассмотрении',
    defaultSetting: 'reject',
    precedence: 2,
    outcome: { kind: 'join_open_case' },
    needs: ['similarAppeals'],
    check: ({ similar, similarityThreshold }) => checkDuplicate(similar, similarityThreshold),
  },
  {
    name: 'repeated',
    label: 'Повторное обращение без новых доводов',
    defaultSetting: 'review',
    precedence: 3,
    outcome: { kind: 'reject', reason: 'repeated' },
    needs: ['similarAppeals'],
    check: ({ similar, similarityThreshold }) => checkRepeated(similar, similarityThreshold),
  },
] as const satisfies readonly RuleDefinition[];

export type RuleName = (typeof RULES)[number]['name'];

/** The environment variable holding a rule's setting: `RULE_ANONYMOUS`, … */
export const ruleSettingKey = (name: string): string => `RULE_${name.toUpperCase()}`;

/** The rules that need `need` loaded for their check. */
export const rulesNeeding = (
  need: RuleNeed,
  rules: readonly RuleDefinition[] = RULES,
): RuleDefinition[] => rules.filter((r) => r.needs.includes(need));
