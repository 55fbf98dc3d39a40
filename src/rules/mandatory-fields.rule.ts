import type { FieldError } from '../common/errors/app-error';
import { describeChannel } from '../channels/channel.registry';
import {
  describeReplyChannel,
  type ApplicantAddressField,
} from '../channels/reply-channel.registry';
import type { AppealDraft } from '../appeals/appeal-draft';

const required = (field: string, message: string): FieldError => ({
  field,
  code: 'REQUIRED',
  message,
});

/** Asked for when the applicant gave no address at all: the one the channel's descriptor names. */
const ASK_FOR_ADDRESS: Record<ApplicantAddressField, string> = {
  email: 'Укажите адрес электронной почты для ответа',
  postalAddress: 'Укажите почтовый адрес для ответа',
};

/**
 * Mandatory fields (company policy after 59-ФЗ ст. 7): every gap at once, in a stable order.
 * Interactive channels bounce on any; the others are registered with the list as
 * validationIssues (59-ФЗ ст. 8: a letter that arrived is always registered).
 */
export function checkMandatoryFields(draft: AppealDraft): FieldError[] {
  const issues: FieldError[] = [];
  const a = draft.applicant;
  if (a.type === 'legal_entity') {
    if (!a.organizationName) {
      issues.push(required('applicant.organizationName', 'Укажите наименование организации'));
    }
  } else {
    if (!a.lastName) issues.push(required('applicant.lastName', 'Укажите фамилию'));
    if (!a.firstName) issues.push(required('applicant.firstName', 'Укажите имя'));
  }
  const reply = describeReplyChannel(draft.replyChannel);
  const needs = reply.needs;
  // A chat that is its own address (the messenger, issue 24) needs no e-mail or postal address.
  const selfAddressed =
    reply.addressesItself && draft.channel === 'messenger' && reply.recipient(draft) !== null;
  if (!a.email && !a.postalAddress && !selfAddressed) {
    const first = describeChannel(draft.channel).replyAddressFirst;
    issues.push(required(`applicant.${first}`, ASK_FOR_ADDRESS[first]));
  } else if (needs && !a[needs.field]) {
    // The chosen reply channel needs the address the applicant left out.
    issues.push(required(`applicant.${needs.field}`, needs.issue));
  }
  if (!draft.accountNumber) {
    issues.push(required('accountNumber', 'Укажите лицевой счёт или номер договора'));
  }
  if (!draft.serviceAddress) {
    issues.push(required('serviceAddress', 'Укажите адрес, по которому предоставляется услуга'));
  }
  if (!draft.text) issues.push(required('text', 'Изложите суть обращения'));
  return issues;
}
