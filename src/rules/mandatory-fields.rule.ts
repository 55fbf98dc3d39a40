import type { FieldError } from '../common/errors/app-error';
import type { Channel } from '../appeals/appeal.enums';
import type { AppealDraft } from '../appeals/appeal-draft';

const required = (field: string, message: string): FieldError => ({
  field,
  code: 'REQUIRED',
  message,
});

const EMAIL_FIRST: readonly Channel[] = ['web', 'personal_account', 'email', 'gis_zhkh'];

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
  if (!a.email && !a.postalAddress) {
    issues.push(
      EMAIL_FIRST.includes(draft.channel)
        ? required('applicant.email', 'Укажите адрес электронной почты для ответа')
        : required('applicant.postalAddress', 'Укажите почтовый адрес для ответа'),
    );
  } else if (draft.replyChannel === 'email' && !a.email) {
    issues.push(required('applicant.email', 'Для ответа по электронной почте укажите её адрес'));
  } else if (draft.replyChannel === 'post' && !a.postalAddress) {
    issues.push(required('applicant.postalAddress', 'Для ответа письмом укажите почтовый адрес'));
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
