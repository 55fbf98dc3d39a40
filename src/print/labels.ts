/**
 * Russian names of the appeal's coded values, as a printed form shows them. Maps by string with
 * the value itself as the fallback, so a value added elsewhere (a new status) prints as its code
 * until it is named here; labels.spec.ts fails on any value of the enums without a name.
 */

const KIND_LABELS: Readonly<Record<string, string>> = {
  complaint: 'Жалоба',
  statement: 'Заявление',
  proposal: 'Предложение',
  claim: 'Претензия',
  request: 'Запрос',
  quality_report: 'Сообщение о нарушении качества коммунальной услуги',
};

const STATUS_LABELS: Readonly<Record<string, string>> = {
  registered: 'Зарегистрировано',
  under_review: 'На проверке у руководителя',
  assigned: 'Назначен исполнитель',
  in_progress: 'На рассмотрении',
  // issue 20: the answer awaiting sign-off
  answer_review: 'Ответ на подписании',
  answered: 'Дан ответ',
  rejected: 'Ответ по существу не даётся',
  duplicate: 'Присоединено к ранее поступившему',
  forwarded: 'Направлено по компетенции',
  withdrawn: 'Отозвано заявителем',
};

// The usual classification of results in reports on appeals: «поддержано», «разъяснено»,
// «не поддержано».
const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  supported: 'Поддержано',
  explained: 'Разъяснено',
  not_supported: 'Не поддержано',
};

const APPLICANT_TYPE_LABELS: Readonly<Record<string, string>> = {
  individual: 'Физическое лицо',
  legal_entity: 'Юридическое лицо',
};

// issue 20, incoming-letter details: how the sender's letter came.
const DELIVERY_METHOD_LABELS: Readonly<Record<string, string>> = {
  post: 'Простое почтовое отправление',
  registered_post: 'Заказное почтовое отправление',
  courier: 'Курьер',
  hand: 'Лично',
  fax: 'Факс',
  other: 'Иной способ',
};

const label =
  (labels: Readonly<Record<string, string>>) =>
  (value: string): string =>
    labels[value] ?? value;

export const kindLabel = label(KIND_LABELS);
export const statusLabel = label(STATUS_LABELS);
export const outcomeLabel = label(OUTCOME_LABELS);
export const applicantTypeLabel = label(APPLICANT_TYPE_LABELS);
export const deliveryMethodLabel = label(DELIVERY_METHOD_LABELS);

/** For the spec: the values that have a name. */
export const LABELLED = {
  kinds: Object.keys(KIND_LABELS),
  statuses: Object.keys(STATUS_LABELS),
  outcomes: Object.keys(OUTCOME_LABELS),
  applicantTypes: Object.keys(APPLICANT_TYPE_LABELS),
  deliveryMethods: Object.keys(DELIVERY_METHOD_LABELS),
};
