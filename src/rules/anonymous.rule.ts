import type { AppealDraft } from '../appeals/appeal-draft';
import { describeReplyChannel } from '../channels/reply-channel.registry';
import type { RuleFinding } from './rule.types';

/**
 * 59-ФЗ ст. 11 ч. 1: an appeal without the applicant's name or an address for the answer
 * is not answered. Individuals need a last name, organisations their name.
 */
export function checkAnonymous(draft: AppealDraft): RuleFinding {
  const a = draft.applicant;
  const missing: string[] = [];
  if (a.type === 'legal_entity' ? !a.organizationName : !a.lastName) {
    missing.push(a.type === 'legal_entity' ? 'наименование организации' : 'фамилия заявителя');
  }
  // A reply channel that is itself the address (ГИС ЖКХ answers in the appeal's own record there).
  if (!a.email && !a.postalAddress && !describeReplyChannel(draft.replyChannel).addressesItself) {
    missing.push('адрес для ответа (почтовый или электронный)');
  }
  return missing.length > 0
    ? { rule: 'anonymous', fired: true, detail: `Не указаны: ${missing.join('; ')}` }
    : { rule: 'anonymous', fired: false, detail: 'Заявитель и адрес для ответа указаны' };
}
