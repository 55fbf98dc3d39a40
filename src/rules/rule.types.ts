import type { RegistrationDecision } from '../appeals/appeal-draft';
import type { AppealStatus } from '../appeals/appeal.enums';
import type { RuleName, RuleSetting } from '../config/app-config';

export type { RuleName, RuleSetting };

/** What a rule found, before the configured verdict is applied. */
export interface RuleFinding {
  rule: RuleName;
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
