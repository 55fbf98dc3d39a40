import {
  EMAIL_FIXTURES,
  OUR_MAILBOX,
  encodedWord,
  rawEmail,
  readEmailFixture,
  type EmailFixture,
} from '../../../test/fixtures/email/email-fixtures';
import {
  attachmentName,
  findRegNumber,
  hashWithoutTransportHeaders,
  htmlToText,
  normalizeMessageId,
  parseInboundEmail as sut,
  type InboundEmail,
} from './mime-intake';

const parse = (name: EmailFixture): Promise<InboundEmail> =>
  sut(readEmailFixture(name), { mailbox: OUR_MAILBOX });
const parseRaw = (headers: string[], body?: string): Promise<InboundEmail> =>
  sut(rawEmail(headers, body), { mailbox: OUR_MAILBOX });
const attachmentsOf = (mail: InboundEmail) =>
  mail.attachments.map(({ content: _content, ...rest }) => rest);

describe('parseInboundEmail', () => {
  describe('decoding subject and text', () => {
    it('decodes a UTF-8 quoted-printable message with soft line breaks and =3D', async () => {
      const mail = await parse('plain-utf8-qp.eml');

      expect(mail.subject).toBe('Перерасчёт платы за холодную воду за февраль 2026 г.');
      expect(mail.text).toBe(
        'Здравствуйте!\n\n' +
          'Прошу сделать перерасчёт платы за холодное водоснабжение за февраль 2026 г. С 3 по 17 ' +
          'февраля в доме по адресу г. Вологда, ул. Ленина, д. 12, кв. 45 не было холодной воды, ' +
          'о чём есть запись в аварийно-диспетчерской службе.\n' +
          'Лицевой счёт № 1002003004.\n' +
          'Тариф в квитанции: 1 м³ = 45,20 руб.\n\n' +
          'С уважением,\n' +
          'Иванов Иван Иванович\n' +
          '+7 921 123-45-67',
      );
      expect(mail.from).toEqual({ address: 'ivanov.ii@example.com', name: 'Иванов Иван Иванович' });
      expect(mail.date).toEqual(new Date('2026-03-10T06:15:02Z'));
      expect(mail.messageId).toBe('<20260310091502.4821.ivanov@example.com>');
      expect(mail.attachments).toEqual([]);
    });

    it('decodes a windows-1251 8bit body and windows-1251 encoded words', async () => {
      const mail = await parse('cp1251-8bit.eml');

      expect(mail.subject).toBe('Протечка кровли, ул. Мира, д. 5, кв. 87');
      expect(mail.from).toEqual({
        address: 'a.petrova@example.net',
        name: 'Петрова Анна Сергеевна',
      });
      expect(mail.text).toBe(
        'Добрый день.\n\n' +
          'В квартире № 87 по ул. Мира, д. 5 (г. Череповец) с 1 марта протекает кровля: после ' +
          'оттепели вода течёт по стене в комнате и на кухне, намокла проводка.\n' +
          'Управляющая компания «Наш дом» на заявки не реагирует.\n\n' +
          'Прошу провести обследование и устранить протечку.\n' +
          'Лицевой счёт 7700112233.\n\n' +
          'Петрова Анна Сергеевна\n' +
          'тел. 8 (8202) 55-12-34',
      );
    });

    it('decodes a KOI8-R quoted-printable body and KOI8-R subject', async () => {
      const mail = await parse('koi8r-qp.eml');

      expect(mail.subject).toBe('Не горит свет в подъезде');
      expect(mail.from).toEqual({ address: 's.smirnov@example.org', name: 'Сергей Смирнов' });
      expect(mail.text).toBe(
        'Уважаемые господа!\n\n' +
          'Третью неделю во втором подъезде дома 14 по Советскому проспекту не горит свет на ' +
          'лестнице (этажи с 3 по 5).\n' +
          'Прошу заменить лампы и проверить электропроводку.\n\n' +
          'Сергей Смирнов',
      );
    });

    it('converts an HTML-only message to text: entities, <br>, table rows, no 80-column wrapping', async () => {
      const mail = await parse('html-only.eml');

      expect(mail.subject).toBe('Неверные начисления за ГВС');
      expect(mail.text).toBe(
        'Добрый день!\n\n' +
          'Прошу проверить начисления по лицевому счёту № 5500660077 (ул. Гагарина, д. 3, кв. 10).\n' +
          'В квитанции за февраль указан расход горячей воды 12 м³, а по счётчику — 4 м³.\n\n' +
          'Месяц Показания\n' +
          'Январь 120\n' +
          'Февраль 124\n\n' +
          'Управляющая компания «Уют» & ООО «РКЦ» ответа не дают.\n\n' +
          'Кузнецова Ирина\n' +
          'тел. +7 911 000-11-22',
      );
    });

    it('takes the text/plain alternative, not the HTML, when both are present', async () => {
      const mail = await parse('alternative-inline-image.eml');

      expect(mail.subject).toBe('Открытый колодец во дворе');
      expect(mail.text).toBe(
        'Добрый вечер.\n\n' +
          'Во дворе дома 7 по ул. Победы третий день открыт канализационный колодец, фото прилагаю.\n\n' +
          'С уважением, Алексей',
      );
    });

    it('decodes format=flowed and keeps the quoted reply', async () => {
      const mail = await parse('reply-reg-number.eml');

      expect(mail.subject).toBe('Re: Обращение № 2026-000123');
      expect(mail.text).toBe(
        'Добрый день. Ответа по обращению так и не получил, батареи по-прежнему холодные. ' +
          'Прошу сообщить, когда будут проведены работы.\n\n' +
          'Иванов И. И.\n\n' +
          '10.03.2026 9:30, obrashcheniya@vodokanal.example пишет:\n' +
          '> Ваше обращение зарегистрировано под номером 2026-000123.\n' +
          '> Срок ответа: 09.04.2026.',
      );
      expect(mail.inReplyTo).toBe('<notice.2026-000123.registered@vodokanal.example>');
      expect(mail.references).toEqual([
        '<20260310091502.4821.ivanov@example.com>',
        '<notice.2026-000123.registered@vodokanal.example>',
      ]);
    });

    it('decodes a Q-encoded subject and a base64 body of a message without Message-ID and Date', async () => {
      const mail = await parse('no-message-id.eml');

      expect(mail.subject).toBe('Шум от насосной станции');
      expect(mail.text).toBe(
        'Насосная станция во дворе дома 21 по ул. Чкалова гудит круглосуточно, спать невозможно.',
      );
      expect(mail.from).toEqual({ address: 'nikolaev75@example.org', name: null });
      expect(mail.messageId).toBeNull();
      expect(mail.date).toBeNull();
    });

    it('converts HTML inside multipart/mixed without a text part, which mailparser leaves without text', async () => {
      const raw = rawEmail(
        ['Subject: x', 'Content-Type: multipart/mixed; boundary="b"'],
        [
          '--b',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>Прошу &laquo;разобраться&raquo;.</p><img src="cid:logo@x" alt="logo">',
          '--b',
          'Content-Type: application/pdf',
          'Content-Disposition: attachment; filename="scan.pdf"',
          '',
          '%PDF-1.4',
          '--b--',
        ].join('\n'),
      );

      const mail = await sut(raw, {});

      expect(mail.text).toBe('Прошу «разобраться».');
      expect(mail.attachments.map((a) => a.fileName)).toEqual(['scan.pdf']);
    });

    it('gives a null date for an unparseable Date header instead of mailparser\'s "now"', async () => {
      const mail = await parseRaw(['Date: вчера вечером', 'Subject: x']);

      expect(mail.date).toBeNull();
    });

    it('gives null for a blank subject and an empty text for an empty body', async () => {
      const mail = await parseRaw(['Subject:   '], '');

      expect(mail.subject).toBeNull();
      expect(mail.text).toBe('');
    });
  });

  describe('attachments', () => {
    it('keeps an image referenced by cid: from the HTML as inline, and names an unnamed part by its type', async () => {
      const mail = await parse('alternative-inline-image.eml');

      expect(attachmentsOf(mail)).toEqual([
        {
          fileName: 'image001.png',
          contentType: 'image/png',
          size: 70,
          inline: true,
          contentId: 'image001.png@01DCB2A1.5B3F2A10',
        },
        {
          fileName: 'attachment-2.jpg',
          contentType: 'image/jpeg',
          size: 134,
          inline: false,
          contentId: null,
        },
      ]);
      expect(mail.attachments[0].content.subarray(1, 4).toString()).toBe('PNG');
    });

    it('decodes Cyrillic file names: RFC 2231 (UTF-8, continuations, windows-1251) and encoded words', async () => {
      const mail = await parse('attachments-cyrillic-names.eml');

      expect(attachmentsOf(mail)).toEqual([
        {
          fileName: 'Заявление.pdf',
          contentType: 'application/pdf',
          size: 471,
          inline: false,
          contentId: null,
        },
        {
          fileName: 'Фото счётчика ГВС 2026-02-28.jpg',
          contentType: 'image/jpeg',
          size: 134,
          inline: false,
          contentId: null,
        },
        {
          fileName: 'Акт о заливе квартиры.docx',
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          size: 64,
          inline: false,
          contentId: null,
        },
        {
          // declared application/octet-stream: mailparser takes the type from the name
          fileName: 'Квитанция.pdf',
          contentType: 'application/pdf',
          size: 468,
          inline: false,
          contentId: null,
        },
      ]);
      expect(mail.attachments[0].content.subarray(0, 5).toString()).toBe('%PDF-');
      expect(mail.text).toBe(
        'Заявление, фото счётчика, акт и квитанция во вложении.\n\nСидоров П. А.',
      );
    });

    it('keeps attached messages as .eml files, inline ones too, without lifting their parts into ours', async () => {
      const mail = await parse('forwarded-eml.eml');

      expect(attachmentsOf(mail)).toEqual([
        {
          fileName: 'Переписка с УК.eml',
          contentType: 'message/rfc822',
          size: 1298,
          inline: false,
          contentId: null,
        },
        {
          fileName: 'attachment-2.eml',
          contentType: 'message/rfc822',
          size: 383,
          inline: false,
          contentId: null,
        },
      ]);
      expect(mail.text).toBe(
        'Пересылаю переписку с УК: заявку они закрыли, а отопления так и нет.\n\nОльга Морозова',
      );
    });

    it('keeps the attached message whole, so it can be opened and parsed on its own', async () => {
      const mail = await parse('forwarded-eml.eml');

      const inner = await sut(mail.attachments[0].content, {});

      expect(inner.subject).toBe('Ответ на заявку № 5512');
      expect(inner.text).toBe('Ваша заявка передана подрядчику.');
      expect(inner.attachments.map((a) => a.fileName)).toEqual(['otvet.pdf']);
    });

    it('keeps the returned headers of a bounce as a text attachment', async () => {
      const mail = await parse('bounce-dsn.eml');

      expect(attachmentsOf(mail)).toEqual([
        {
          fileName: 'attachment-1.txt',
          contentType: 'text/rfc822-headers',
          size: 259,
          inline: false,
          contentId: null,
        },
      ]);
    });
  });

  describe('classification', () => {
    it.each<[EmailFixture, InboundEmail['classification'], string | null]>([
      ['plain-utf8-qp.eml', 'appeal', null],
      ['cp1251-8bit.eml', 'appeal', null],
      ['koi8r-qp.eml', 'appeal', null],
      ['html-only.eml', 'appeal', null],
      ['alternative-inline-image.eml', 'appeal', null],
      ['attachments-cyrillic-names.eml', 'appeal', null],
      ['forwarded-eml.eml', 'appeal', null],
      ['reply-reg-number.eml', 'appeal', null],
      ['no-message-id.eml', 'appeal', null],
      ['twice-delivered-a.eml', 'appeal', null],
      ['twice-delivered-b.eml', 'appeal', null],
      ['auto-reply.eml', 'auto_reply', 'Auto-Submitted: auto-replied'],
      ['out-of-office-x-autoreply.eml', 'auto_reply', 'X-Autoreply header'],
      ['bounce-dsn.eml', 'bounce', 'multipart/report; report-type=delivery-status'],
      ['bulk-list.eml', 'bulk', 'Precedence: bulk'],
    ])('classifies %s as %s', async (name, classification, reason) => {
      const mail = await parse(name);

      expect(mail.classification).toBe(classification);
      expect(mail.classificationReason).toBe(reason);
    });

    it.each<[string, string[], InboundEmail['classification']]>([
      ['Auto-Submitted: auto-generated', ['Auto-Submitted: auto-generated'], 'auto_reply'],
      ['Auto-Submitted: no', ['Auto-Submitted: no'], 'appeal'],
      ['X-Autorespond', ['X-Autorespond: yes'], 'auto_reply'],
      ['Precedence: auto_reply', ['Precedence: auto_reply'], 'auto_reply'],
      [
        '«Автоответ» subject',
        [`Subject: ${encodedWord('Автоответ: Re: Перерасчёт')}`],
        'auto_reply',
      ],
      [
        '«Автоматический ответ» subject',
        [`Subject: ${encodedWord('Автоматический ответ: Обращение')}`],
        'auto_reply',
      ],
      ['«Auto:» subject', ['Subject: Auto: Vacation'], 'auto_reply'],
      ['«Out of Office» subject', ['Subject: Out of Office: until 23.03'], 'auto_reply'],
      ['«Automatic reply» subject', ['Subject: Automatic reply: Obrashchenie'], 'auto_reply'],
      [
        'a read receipt',
        ['Content-Type: multipart/report; report-type=disposition-notification; boundary=x'],
        'auto_reply',
      ],
      ['a null envelope sender', ['Return-Path: <>'], 'auto_reply'],
      ['mail from our own mailbox', [`From: ${OUR_MAILBOX.toUpperCase()}`], 'auto_reply'],
      ['postmaster as sender', ['From: postmaster@mail.example.com'], 'bounce'],
      [
        '«Delivery Status Notification» subject',
        ['Subject: Delivery Status Notification (Failure)'],
        'bounce',
      ],
      [
        '«Недоставленное сообщение» subject',
        [`Subject: ${encodedWord('Недоставленное сообщение: Обращение')}`],
        'bounce',
      ],
      [
        'a bounce that is also Auto-Submitted',
        ['From: MAILER-DAEMON@example.com', 'Auto-Submitted: auto-replied'],
        'bounce',
      ],
      [
        'an auto-reply that is also Precedence: bulk',
        ['X-Autoreply: yes', 'Precedence: bulk'],
        'auto_reply',
      ],
      ['Precedence: junk', ['Precedence: junk'], 'bulk'],
      ['Precedence: list', ['Precedence: list'], 'bulk'],
      ['List-Id alone', ['List-Id: <tenants.example.com>'], 'bulk'],
      ['List-Unsubscribe alone', ['List-Unsubscribe: <https://example.com/u>'], 'bulk'],
      [
        'X-Auto-Response-Suppress alone (Outlook sets it on ordinary mail)',
        ['X-Auto-Response-Suppress: All'],
        'appeal',
      ],
      [
        '«Нет на месте…» as a genuine subject',
        [`Subject: ${encodedWord('Нет на месте контейнера для мусора')}`],
        'appeal',
      ],
      ['Precedence: first-class', ['Precedence: first-class'], 'appeal'],
    ])('classifies %s', async (_case, headers, classification) => {
      const mail = await parseRaw(headers);

      expect(mail.classification).toBe(classification);
      expect(mail.classificationReason === null).toBe(classification === 'appeal');
    });

    it('names only known Auto-Submitted values in the reason', async () => {
      const mail = await parseRaw(['Auto-Submitted: Иванов-робот; x=1']);

      expect(mail.classification).toBe('auto_reply');
      expect(mail.classificationReason).toBe('Auto-Submitted: other');
    });

    it('applies the loop guard only when the mailbox is given', async () => {
      const mail = await sut(rawEmail([`From: ${OUR_MAILBOX}`]), {});

      expect(mail.classification).toBe('appeal');
    });

    it('never puts the sender or the subject into the reason', async () => {
      const reasons = await Promise.all(
        EMAIL_FIXTURES.map(async (f) => (await parse(f)).classificationReason),
      );

      for (const reason of reasons.filter((r): r is string => r !== null)) {
        expect(reason).not.toMatch(/@|Автоответ|Undelivered/);
      }
    });
  });

  describe('registration number in the subject', () => {
    it('finds the number a reply to our notice carries', async () => {
      expect((await parse('reply-reg-number.eml')).replyToRegNumber).toBe('2026-000123');
    });

    it('finds it in auto-replies too; classification keeps them out', async () => {
      const mail = await parse('auto-reply.eml');

      expect(mail.replyToRegNumber).toBe('2026-000123');
      expect(mail.classification).toBe('auto_reply');
    });

    it('gives null for a subject without a number', async () => {
      expect((await parse('plain-utf8-qp.eml')).replyToRegNumber).toBeNull();
    });

    it('uses a pattern for another numbering template when given one', async () => {
      const mail = await sut(rawEmail(['Subject: Re: 26-00077']), {
        regNumberPattern: /\b(\d{2}-\d{5})\b/,
      });

      expect(mail.replyToRegNumber).toBe('26-00077');
    });
  });

  describe('deduplication', () => {
    it('hashes the same message delivered twice with different transport headers the same', async () => {
      const [a, b] = await Promise.all([
        parse('twice-delivered-a.eml'),
        parse('twice-delivered-b.eml'),
      ]);

      expect(a.contentHash).toBe(b.contentHash);
      expect(a.dedupKey).toBe(b.dedupKey);
      expect(a.dedupKey).toBe('<twice.20260321@example.com>');
    });

    it('gives every different message its own hash and key', async () => {
      const mails = await Promise.all(EMAIL_FIXTURES.map(parse));

      expect(new Set(mails.map((m) => m.contentHash)).size).toBe(EMAIL_FIXTURES.length - 1);
      expect(new Set(mails.map((m) => m.dedupKey)).size).toBe(EMAIL_FIXTURES.length - 1);
    });

    it('keys a message without Message-ID by its content hash, stable across deliveries', async () => {
      const raw = readEmailFixture('no-message-id.eml');
      const redelivered = Buffer.concat([
        Buffer.from(
          'Return-Path: <nikolaev75@example.org>\r\n' +
            'Received: from web.example.org by mx.vodokanal.example; Sun, 22 Mar 2026 10:00:00 +0300\r\n',
        ),
        raw,
      ]);

      const [first, second] = [await sut(raw, {}), await sut(redelivered, {})];

      expect(first.dedupKey).toBe(`sha256:${first.contentHash}`);
      expect(first.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(second.dedupKey).toBe(first.dedupKey);
    });

    it('hashes LF line ends and an mbox "From " line like the CRLF original', () => {
      const raw = readEmailFixture('twice-delivered-a.eml');
      const lf = Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
      const mbox = Buffer.concat([
        Buffer.from('From vasilyev.dp@example.com Sat Mar 21 10:00:09 2026\n'),
        lf,
      ]);

      expect(hashWithoutTransportHeaders(lf)).toBe(hashWithoutTransportHeaders(raw));
      expect(hashWithoutTransportHeaders(mbox)).toBe(hashWithoutTransportHeaders(raw));
    });

    it('changes the hash when a header of the message itself or the body changes', () => {
      const raw = readEmailFixture('no-message-id.eml').toString('latin1');
      const base = hashWithoutTransportHeaders(Buffer.from(raw, 'latin1'));

      expect(
        hashWithoutTransportHeaders(
          Buffer.from(raw.replace('To: ', 'Cc: x@example.com\r\nTo: '), 'latin1'),
        ),
      ).not.toBe(base);
      expect(
        hashWithoutTransportHeaders(Buffer.from(raw.replace('0J3', '0K3'), 'latin1')),
      ).not.toBe(base);
    });

    it('lower-cases only the domain of the Message-ID in the key', async () => {
      const [a, b, c] = await Promise.all([
        parseRaw(['Message-ID: <Abc.123@Mail.Example.COM>']),
        parseRaw(['Message-ID: <Abc.123@mail.example.com>']),
        parseRaw(['Message-ID: <abc.123@mail.example.com>']),
      ]);

      expect(a.dedupKey).toBe('<Abc.123@mail.example.com>');
      expect(b.dedupKey).toBe(a.dedupKey);
      expect(c.dedupKey).not.toBe(a.dedupKey);
      expect(a.messageId).toBe('<Abc.123@Mail.Example.COM>');
    });
  });
});

describe('normalizeMessageId', () => {
  it.each<[string | null, string | null]>([
    ['<Abc@Example.RU>', '<Abc@example.ru>'],
    ['  <abc@example.ru>  ', '<abc@example.ru>'],
    ['abc@Example.RU', '<abc@example.ru>'],
    ['<abc@example.ru> (comment)>', '<abc@example.ru>'],
    ['<no-at-sign>', '<no-at-sign>'],
    ['<>', null],
    ['', null],
    [null, null],
  ])('normalises %p to %p', (input, expected) => {
    expect(normalizeMessageId(input)).toBe(expected);
  });
});

describe('findRegNumber', () => {
  it.each<[string | null, string | null]>([
    ['Re: Обращение № 2026-000123', '2026-000123'],
    ['RE: FW: [2026-000123]', '2026-000123'],
    ['Ответ на обращение №2026-000123 от 10.03.2026', '2026-000123'],
    ['Fwd: обращение 2025-004567, повторно', '2025-004567'],
    ['Счёт 12026-0001234', null],
    ['Обращение 2026-12345', null],
    ['Перерасчёт за отопление', null],
    [null, null],
  ])('finds the number in %p', (subject, expected) => {
    expect(findRegNumber(subject)).toBe(expected);
  });

  it('works with a global pattern called repeatedly', () => {
    const pattern = /\b(20\d{2}-\d{6})\b/g;

    expect(findRegNumber('Re: 2026-000123', pattern)).toBe('2026-000123');
    expect(findRegNumber('Re: 2026-000123', pattern)).toBe('2026-000123');
  });
});

describe('attachmentName', () => {
  it.each<[string | undefined, string, string]>([
    [undefined, 'application/octet-stream', 'attachment-3.bin'],
    [undefined, 'image/jpeg', 'attachment-3.jpg'],
    [undefined, 'application/pdf', 'attachment-3.pdf'],
    ['', 'message/rfc822', 'attachment-3.eml'],
    ['Переписка', 'message/rfc822', 'Переписка.eml'],
    ['ответ.EML', 'message/rfc822', 'ответ.EML'],
    ['C:\\Users\\Иванов\\Desktop\\Скан паспорта.pdf', 'application/pdf', 'Скан паспорта.pdf'],
    ['../../etc/passwd', 'text/plain', 'passwd'],
    ['Акт\tо\u0007 заливе.pdf', 'application/pdf', 'Акт о заливе.pdf'],
    ['..', 'text/plain', 'attachment-3.txt'],
  ])('names %p of type %s as %p', (name, type, expected) => {
    expect(attachmentName(name, type, 3)).toBe(expected);
  });

  it('shortens a very long name and keeps its extension', () => {
    const name = attachmentName('Ж'.repeat(300) + '.pdf', 'application/pdf', 1);

    expect(name).toHaveLength(200);
    expect(name.endsWith('Ж.pdf')).toBe(true);
  });
});

describe('htmlToText', () => {
  it('keeps headings in their case, drops images and keeps links', async () => {
    expect(
      await htmlToText(
        '<h2>Жалоба</h2><p>См. <a href="https://example.com/akt">акт</a><img src="cid:a" alt="logo"></p>',
      ),
    ).toBe('Жалоба\n\nСм. акт [https://example.com/akt]');
  });

  it('keeps lines of preformatted text', async () => {
    expect(await htmlToText('<pre>строка 1\nстрока 2</pre>')).toBe('строка 1\nстрока 2');
  });
});
