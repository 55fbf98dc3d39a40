import type { AppealDraft } from '../appeals/appeal-draft';
import { AbuseLists } from './abusive/abuse-lists';
import { describeAbuse, detectAbuse } from './abusive/abusive.detector';
import type { RuleFinding } from './rule.types';

/**
 * 59-ФЗ ст. 11 ч. 3: obscene or insulting expressions, threats to the life, health or property
 * of staff. A person decides by default (SPEC §4): the finding explains what matched. `lists`:
 * the administrators' allow and deny lists (AbusiveTermsService).
 */
export function checkAbusive(
  draft: Pick<AppealDraft, 'subject' | 'text'>,
  lists: AbuseLists = AbuseLists.EMPTY,
): RuleFinding {
  const findings = detectAbuse([draft.subject, draft.text], lists);
  return findings.length > 0
    ? { rule: 'abusive', fired: true, detail: describeAbuse(findings) }
    : {
        rule: 'abusive',
        fired: false,
        detail: 'Нецензурных и оскорбительных выражений, угроз не найдено',
      };
}
