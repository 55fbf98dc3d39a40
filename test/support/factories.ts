import { describeChannel, type Channel } from '../../src/channels/channel.registry';

let serial = 0;

/**
 * A complete, valid create body for a channel; override any part. Each call is a different
 * applicant (e-mail, account, flat), so the duplicate rules stay quiet unless a test wants them.
 */
export function appealBody(
  channel: Channel,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  // A complete body gives the reply address the channel asks for first (post, office: postal).
  const paper = describeChannel(channel).replyAddressFirst === 'postalAddress';
  const n = ++serial;
  return {
    channel,
    kind: 'complaint',
    applicant: {
      type: 'individual',
      lastName: 'Иванов',
      firstName: 'Пётр',
      middleName: 'Сергеевич',
      ...(paper
        ? { postalAddress: `190000, г. Санкт-Петербург, ул. Садовая, д. 1, кв. ${n}` }
        : { email: `Petr.Ivanov+${n}@Example.ru` }),
    },
    accountNumber: `12-345 ${1000 + n}`,
    serviceAddress: `г. Санкт-Петербург, ул. Садовая, д. 1, кв. ${n}`,
    topicCode: 'billing',
    subject: 'Перерасчёт за отопление',
    text: 'Прошу сделать перерасчёт платы за отопление за январь: батареи были холодными две недели.',
    ...overrides,
  };
}
