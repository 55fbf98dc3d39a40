import type { Channel } from '../../src/appeals/appeal.enums';

/** A complete, valid create body for a channel; override any part. */
export function appealBody(
  channel: Channel,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const paper = channel === 'post' || channel === 'office';
  return {
    channel,
    kind: 'complaint',
    applicant: {
      type: 'individual',
      lastName: 'Иванов',
      firstName: 'Пётр',
      middleName: 'Сергеевич',
      ...(paper
        ? { postalAddress: '190000, г. Санкт-Петербург, ул. Садовая, д. 1, кв. 2' }
        : { email: 'Petr.Ivanov@Example.ru' }),
    },
    accountNumber: '12-345 678',
    serviceAddress: 'г. Санкт-Петербург, ул. Садовая, д. 1, кв. 2',
    topicCode: 'billing',
    subject: 'Перерасчёт за отопление',
    text: 'Прошу сделать перерасчёт платы за отопление за январь: батареи были холодными две недели.',
    ...overrides,
  };
}
