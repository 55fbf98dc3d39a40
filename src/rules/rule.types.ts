import type { AppealDraft, RegistrationDecision } from '../appeals/appeal-draft';
import type { AppealStatus } from '../appeals/appeal.enums';
import type { AbuseLists } from './abusive/abuse-lists';
import type { RejectionReason } from './rejection-reasons';

/** A rule's setting, `RULE_<NAME>`: what a finding of it does to the appeal. */
export type RuleSetting = 'reject' | 'review' | 'off';

/** What a rule found, before the configured verdict is applied. */
export interface RuleFinding {
  rule: string;
  fired: boolean;
  detail: string;
  /** For duplicate/repeated: the earlier appeal it resembles. */
  relatedAppeal?: SimilarAppeal;
}

export type IdentityMatch = 'email' | 'account' | 'name_address';

/** An earlier appeal of the same applicant, with the similarity of its text to the new one. */
export interface SimilarAppeal {
  id: string;
  regNumber: string;
  status: AppealStatus;
  registeredAt: Date;
  answeredAt: Date | null;
  dueDate: string | null;
  similarity: number;
  matchedBy: IdentityMatch[];
}

/** Where the rules put a new appeal. */
export type RulesOutcome = RegistrationDecision;

/** Data a check needs beyond the draft; RulesService loads it only for the rules that say so. */
export type RuleNeed = 'similarAppeals' | 'abuseLists';

/** What a check is given: plain data, loaded by RulesService (rules never read the database). */
export interface RuleInput {
  draft: AppealDraft;
  /** Earlier appeals of the same applicant; empty when every rule that needs them is off. */
  similar: SimilarAppeal[];
  similarityThreshold: number;
  /** The administrators' allow and deny lists of abusive words. */
  abuseLists: AbuseLists;
}

/**
 * What a rule that fires with the verdict `reject` does. `reject`: status `rejected` with the
 * reason, whose entry in rejection-reasons.ts holds the notice text (or says there is none);
 * `join_open_case`: status `duplicate`, joined to the open appeal found (notice `duplicate`).
 */
export type RuleOutcome = { kind: 'reject'; reason: RejectionReason } | { kind: 'join_open_case' };

/** One rejection rule: an entry of RULES in rule-registry.ts. */
export interface RuleDefinition {
  /** Stored as `checks[].rule`; its setting is `RULE_<NAME>` (upper case). */
  name: string;
  /** Russian label, for people (docs, admin screens). */
  label: string;
  /** The setting when `RULE_<NAME>` is not set (SPEC §4). */
  defaultSetting: RuleSetting;
  /** Among rules that fired with `reject`, the lowest number decides the outcome. */
  precedence: number;
  outcome: RuleOutcome;
  needs: readonly RuleNeed[];
  /** Pure: data in, finding out. */
  check(input: RuleInput): Omit<RuleFinding, 'rule'>;
}
