import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  EMAIL_FIXTURES,
  OUR_MAILBOX,
  readEmailFixture,
  type EmailFixture,
} from '../../../test/fixtures/email/email-fixtures';
import { CreateAppealDto } from '../../intake/create-appeal.dto';
import { guessPersonName, toCreateAppealBody as sut } from './email-to-appeal';
import { parseInboundEmail, type InboundEmail } from './mime-intake';

const NOW = new Date('2026-03-25T12:00:00Z');

const parse = (name: EmailFixture): Promise<InboundEmail> =>
  parseInboundEmail(readEmailFixture(name), { mailbox: OUR_MAILBOX });

const inbound = (over: Partial<InboundEmail> = {}): InboundEmail => ({
  messageId: '<m1@example.com>',
  contentHash: 'a'.repeat(64),
  dedupKey: '<m1@example.com>',
  from: { address: 'ivanov@example.com', name: 'Иванов Иван Иванович' },
  subject: 'Перерасчёт',
  text: 'Прошу сделать перерасчёт.',
  date: new Date('2026-03-20T10:00:00Z'),
  inReplyTo: null,
  references: [],
  attachments: [],
  classification: 'appeal',
  classificationReason: null,
  replyToRegNumber: null,
  ...over,
});

async function validationErrors(body: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(CreateAppealDto, body));
  const flatten = (e: (typeof errors)[number], path: string): string[] => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${path}${e.property}:${c}`),
    ...(e.children ?? []).flatMap((child) => flatten(child, `${path}${e.property}.`)),
  ];
  return errors.flatMap((e) => flatten(e, ''));
}

describe('toCreateAppealBody', () => {
  it('builds the full body for a plain message', async () => {
    const { body, files } = sut(await parse('plain-utf8-qp.eml'), NOW);

    expect(body).toEqual({
      channel: 'email',
      applicant: {
        type: 'individual',
        lastName: 'Иванов',
        firstName: 'Иван',
        middleName: 'Иванович',
        email: 'ivanov.ii@example.com',
      },
      subject: 'Перерасчёт платы за холодную воду за февраль 2026 г.',
      text: expect.stringMatching(/^Здравствуйте!\n\nПрошу сделать перерасчёт[\s\S]*123-45-67$/),
      receivedAt: '2026-03-10T06:15:02.000Z',
      externalRefs: { messageId: '<20260310091502.4821.ivanov@example.com>' },
    });
    expect(files).toEqual([]);
  });

  it('is checked by a validation helper that does report errors', async () => {
    expect(await validationErrors({ channel: 'fax', applicant: { email: 'x' } })).toEqual([
      'channel:isIn',
      'applicant.email:isEmail',
    ]);
  });

  it.each(EMAIL_FIXTURES)('produces a body CreateAppealDto accepts from %s', async (name) => {
    const { body } = sut(await parse(name), NOW);

    expect(await validationErrors(body)).toEqual([]);
  });

  it('maps attachments to multer-shaped files', async () => {
    const { files } = sut(await parse('attachments-cyrillic-names.eml'), NOW);

    expect(files.map(({ buffer: _b, ...f }) => f)).toEqual([
      { originalname: 'Заявление.pdf', mimetype: 'application/pdf', size: 471 },
      { originalname: 'Фото счётчика ГВС 2026-02-28.jpg', mimetype: 'image/jpeg', size: 134 },
      {
        originalname: 'Акт о заливе квартиры.docx',
        mimetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        size: 64,
      },
      { originalname: 'Квитанция.pdf', mimetype: 'application/pdf', size: 468 },
    ]);
    expect(files.every((f) => f.buffer.length === f.size)).toBe(true);
  });

  it('keeps inline images and attached messages among the files', async () => {
    const inline = sut(await parse('alternative-inline-image.eml'), NOW).files;
    const forwarded = sut(await parse('forwarded-eml.eml'), NOW).files;

    expect(inline.map((f) => f.originalname)).toEqual(['image001.png', 'attachment-2.jpg']);
    expect(forwarded.map((f) => [f.originalname, f.mimetype])).toEqual([
      ['Переписка с УК.eml', 'message/rfc822'],
      ['attachment-2.eml', 'message/rfc822'],
    ]);
  });

  it.each<[EmailFixture, Record<string, string | null>]>([
    ['plain-utf8-qp.eml', { lastName: 'Иванов', firstName: 'Иван', middleName: 'Иванович' }],
    ['cp1251-8bit.eml', { lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна' }],
    ['koi8r-qp.eml', { lastName: 'Смирнов', firstName: 'Сергей', middleName: null }],
    ['html-only.eml', { lastName: 'Кузнецова', firstName: 'Ирина', middleName: null }],
    ['forwarded-eml.eml', { lastName: 'Морозова', firstName: 'Ольга', middleName: null }],
    ['attachments-cyrillic-names.eml', { lastName: 'Сидоров', firstName: null, middleName: null }],
    ['alternative-inline-image.eml', { lastName: null, firstName: null, middleName: null }],
    ['no-message-id.eml', { lastName: null, firstName: null, middleName: null }],
  ])('guesses the applicant name of %s', async (name, expected) => {
    const { body } = sut(await parse(name), NOW);

    expect(body.applicant).toMatchObject(expected);
  });

  it('registers a message without Message-ID and Date without externalRefs and receivedAt', async () => {
    const { body } = sut(await parse('no-message-id.eml'), NOW);

    expect(body).not.toHaveProperty('externalRefs');
    expect(body).not.toHaveProperty('receivedAt');
    expect(body.applicant).toEqual({
      type: 'individual',
      lastName: null,
      firstName: null,
      middleName: null,
      email: 'nikolaev75@example.org',
    });
  });

  describe('receivedAt', () => {
    it('takes the Date header when it is in the past', () => {
      expect(sut(inbound(), NOW).body.receivedAt).toBe('2026-03-20T10:00:00.000Z');
    });

    it('takes the Date header when it equals now', () => {
      expect(sut(inbound({ date: NOW }), NOW).body.receivedAt).toBe(NOW.toISOString());
    });

    it('leaves it out when the Date header is in the future (a wrong clock at the sender)', () => {
      const { body } = sut(inbound({ date: new Date(NOW.getTime() + 60_000) }), NOW);

      expect(body).not.toHaveProperty('receivedAt');
    });

    it('leaves it out when there is no usable Date header', () => {
      expect(sut(inbound({ date: null }), NOW).body).not.toHaveProperty('receivedAt');
    });
  });

  describe('limits of the DTO', () => {
    it('trims the text and cuts it at 100 000 characters', async () => {
      const { body } = sut(inbound({ text: `  ${'а'.repeat(100_050)}  ` }), NOW);

      expect(body.text).toBe('а'.repeat(100_000));
      expect(await validationErrors(body)).toEqual([]);
    });

    it('cuts the subject at 500 characters without splitting a surrogate pair', () => {
      const { body } = sut(inbound({ subject: 'я'.repeat(499) + '😀😀' }), NOW);

      expect(body.subject).toBe('я'.repeat(499));
    });

    it('gives a null subject when the mail has none', () => {
      expect(sut(inbound({ subject: null }), NOW).body.subject).toBeNull();
    });

    it('leaves out a Message-ID longer than externalRefs allow', () => {
      const { body } = sut(inbound({ messageId: `<${'x'.repeat(200)}@example.com>` }), NOW);

      expect(body).not.toHaveProperty('externalRefs');
    });

    it.each([null, 'not-an-address', `${'x'.repeat(250)}@example.com`])(
      'gives a null e-mail for the sender address %p',
      async (address) => {
        const { body } = sut(inbound({ from: { address, name: null } }), NOW);

        expect(body.applicant).toMatchObject({ email: null });
        expect(await validationErrors(body)).toEqual([]);
      },
    );
  });
});

describe('guessPersonName', () => {
  it.each<[string | null, [string | null, string | null, string | null] | null]>([
    ['Иванов Иван Иванович', ['Иванов', 'Иван', 'Иванович']],
    ['Иван Иванович Иванов', ['Иванов', 'Иван', 'Иванович']],
    ['Петрова Анна Сергеевна', ['Петрова', 'Анна', 'Сергеевна']],
    ['Бабич Иван Петрович', ['Бабич', 'Иван', 'Петрович']],
    ['Иван Петрович Бабич', ['Бабич', 'Иван', 'Петрович']],
    ['Толстой Лев Николаевич', ['Толстой', 'Лев', 'Николаевич']],
    ['Ефимова Ефросинья Кузьминична', ['Ефимова', 'Ефросинья', 'Кузьминична']],
    ['ИВАНОВ ИВАН ИВАНОВИЧ', ['Иванов', 'Иван', 'Иванович']],
    ['Салтыков-Щедрин Михаил Евграфович', ['Салтыков-Щедрин', 'Михаил', 'Евграфович']],
    ['Иван Иванов', ['Иванов', 'Иван', null]],
    ['Иванов Иван', ['Иванов', 'Иван', null]],
    ['Кузнецова Ирина', ['Кузнецова', 'Ирина', null]],
    ['Ирина Кузнецова', ['Кузнецова', 'Ирина', null]],
    ['Пётр Ким', ['Ким', 'Пётр', null]],
    ['«Смирнов Сергей»', ['Смирнов', 'Сергей', null]],
    ['Сидоров П. А.', ['Сидоров', null, null]],
    ['Сидоров П.А.', ['Сидоров', null, null]],
    ['П.А. Сидоров', ['Сидоров', null, null]],
    ['Иван Петрович', null], // no surname; and «Петрович» may be one
    ['Иван Бабич', null], // «Бабич»: a surname or a patronymic?
    ['Роман Лев', null], // two first names
    ['Иванов Петров', null], // no first name
    ['Управляющая компания', null],
    ['ООО «Ромашка»', null],
    ['Новости ЖКХ', null],
    ['Sokolov Aleksey', null],
    ['Иванов Иван Иванович (кв. 45)', null],
    ['Иванов Иван Сергеевич Петров', null],
    ['Иванов', null],
    ['Иван П.', null],
    ['иВанов Иван', null],
    ['', null],
    [null, null],
  ])('reads %p', (displayName, expected) => {
    const result = guessPersonName(displayName);

    expect(result && [result.lastName, result.firstName, result.middleName]).toEqual(expected);
  });
});
