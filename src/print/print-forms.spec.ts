import { flatText, pdfText } from '../../test/support/pdf-text';
import type { OrganizationConfig } from '../config/organization';
import { letterForm, outgoingLetterForm, type OutgoingLetterRecord } from './letter.form';
import { renderPdf } from './pdf-renderer';
import {
  CARD_TEXT_LIMIT,
  registrationCardForm,
  type RegistrationCardRecord,
} from './registration-card.form';

const org: OrganizationConfig = {
  name: 'АО «Горводоканал»',
  address: '190000, г. Санкт-Петербург, ул. Садовая, д. 1',
  phone: '+7 (812) 000-00-00',
  email: 'office@vodokanal.example',
  inn: '7830002293',
  kpp: '780101001',
};
const at = new Date('2026-04-10T09:00:00Z');

const letter: OutgoingLetterRecord = {
  number: 'ИСХ-2026-000007',
  writtenOn: '2026-04-10',
  address: '191186, г. Санкт-Петербург, Невский пр., д. 3, кв. 4',
  subject: 'Ответ на обращение № 2026-000042',
  body: 'Уважаемый(ая) Пётр Сергеевич!\n\nПерерасчёт платы за холодную воду выполнен.\n\nС уважением,\nслужба по работе с обращениями',
  audience: 'applicant',
  appeal: {
    regNumber: '2026-000042',
    registeredOn: '2026-04-01',
    applicantName: 'Иванов Пётр Сергеевич',
  },
};

const card: RegistrationCardRecord = {
  regNumber: '2026-000042',
  registeredOn: '2026-04-01',
  registeredAtTime: '10:15',
  receivedOn: '2026-03-31',
  channel: 'Почта',
  registeredBy: 'Смирнова Анна Павловна',
  kind: 'complaint',
  status: 'in_progress',
  topic: { code: 'recalculation', name: 'Перерасчёт платы' },
  replyChannel: 'Почта',
  applicant: {
    type: 'individual',
    lastName: 'Иванов',
    firstName: 'Пётр',
    middleName: 'Сергеевич',
    organizationName: null,
    inn: null,
    contactPerson: null,
    postalAddress: '191186, г. Санкт-Петербург, Невский пр., д. 3, кв. 4',
    email: null,
    phone: '+7 921 000-00-00',
  },
  accountNumber: '123-456-789',
  serviceAddress: 'Невский пр., д. 3, кв. 4',
  subject: 'Перерасчёт за холодную воду',
  text: 'Прошу сделать перерасчёт платы за холодную воду за март.',
  dueDate: '2026-04-29',
  dueDateProvisional: false,
  authorityControl: null,
  department: 'Абонентский отдел',
  assignee: 'Петрова Мария Ивановна',
  files: 2,
  answer: null,
  forwardedTo: null,
  duplicateOf: null,
};
const printed = { on: '2026-04-10', time: '12:00', by: 'Сотрудник Клерк' };

describe('print forms, as a reader sees the PDF', () => {
  it('prints an answer letter on A4 with the letterhead, its number, the reference and the text', async () => {
    const text = await pdfText(await renderPdf(outgoingLetterForm(letter, org), at));
    expect(text.title).toBe('Письмо № ИСХ-2026-000007');
    expect(text.pages).toHaveLength(1);
    // A4 is 210 × 297 mm.
    expect(text.pages[0].width).toBeCloseTo((210 * 72) / 25.4, 0);
    expect(text.pages[0].height).toBeCloseTo((297 * 72) / 25.4, 0);
    const all = flatText(text);
    for (const phrase of [
      'АО «Горводоканал»',
      'ИНН 7830002293, КПП 780101001',
      'тел. +7 (812) 000-00-00',
      '10.04.2026 № ИСХ-2026-000007',
      'На № 2026-000042 от 01.04.2026',
      'Иванов Пётр Сергеевич',
      'Невский пр., д. 3, кв. 4',
      'Ответ на обращение № 2026-000042',
      'Уважаемый(ая) Пётр Сергеевич!',
      'Перерасчёт платы за холодную воду выполнен.',
    ]) {
      expect(all).toContain(phrase);
    }
  });

  it('addresses a letter to a state body without an applicant or a reference', () => {
    const form = outgoingLetterForm(
      { ...letter, audience: 'authority', address: 'Прокуратура Центрального района' },
      org,
    );
    expect(form.blocks).toContainEqual({
      kind: 'letter-requisites',
      left: ['10.04.2026 № ИСХ-2026-000007'],
      addressee: ['Прокуратура Центрального района'],
    });
  });

  it('lays a long letter over pages, numbered from the second, with enclosures and a signature', async () => {
    const paragraph = 'Сообщаем, что проверка показаний прибора учёта проведена. '.repeat(12);
    const form = letterForm({
      org,
      number: 'ИСХ-2026-000008',
      date: '2026-04-10',
      inReplyTo: null,
      addressee: ['Государственная жилищная инспекция'],
      subject: 'О направлении обращения',
      body: Array.from({ length: 12 }, () => paragraph).join('\n\n'),
      enclosures: ['обращение № 2026-000042 на 2 л.', 'скан.pdf'],
      signature: { position: 'Начальник абонентского отдела', fullName: 'И. И. Сидоров' },
    });
    const text = await pdfText(await renderPdf(form, at));
    expect(text.pages.length).toBeGreaterThan(1);
    // ГОСТ Р 7.0.97-2016: the first page unnumbered, the second «2».
    const lines = (page: number) => text.pages[page].text.split('\n').map((l) => l.trim());
    expect(lines(0)).not.toContain('1');
    expect(lines(1)).toContain('2');
    const all = flatText(text);
    expect(all).toContain('Приложения: 1. обращение № 2026-000042 на 2 л. 2. скан.pdf');
    expect(all).toContain('Начальник абонентского отдела');
    expect(all).toContain('И. И. Сидоров');
  });

  it('prints the registration card with what the registration recorded and where the case stands', async () => {
    const text = await pdfText(await renderPdf(registrationCardForm(card, org, printed), at));
    const all = flatText(text);
    for (const phrase of [
      'АО «Горводоканал»',
      'РЕГИСТРАЦИОННО-КОНТРОЛЬНАЯ КАРТОЧКА',
      'обращения № 2026-000042',
      'Дата регистрации 01.04.2026 10:15',
      'Дата поступления 31.03.2026',
      'Способ поступления Почта',
      'Зарегистрировал Смирнова Анна Павловна',
      'Вид обращения Жалоба',
      'Тематика recalculation — Перерасчёт платы',
      'Фамилия, имя, отчество Иванов Пётр Сергеевич',
      'Лицевой счёт 123-456-789',
      'Тема Перерасчёт за холодную воду',
      'Прошу сделать перерасчёт платы за холодную воду за март.',
      'Подразделение Абонентский отдел',
      'Исполнитель Петрова Мария Ивановна',
      'Срок рассмотрения до 29.04.2026',
      'Файлов в электронном виде 2',
      'Состояние На рассмотрении',
      'Карточка распечатана 10.04.2026 12:00, Сотрудник Клерк',
    ]) {
      expect(all).toContain(phrase);
    }
    // No covering letter given: no section for one; one applicant: no co-applicants line.
    expect(all).not.toContain('Письмо отправителя');
    expect(all).not.toContain('Соавторы');
    expect(all).toContain('Электронная почта —');
  });

  it('names the co-applicants of a collective appeal (59-ФЗ ст. 4 п. 1)', async () => {
    const form = registrationCardForm(
      { ...card, coApplicants: ['Сидорова Мария Ивановна', 'ТСЖ «Невский 3»'] },
      org,
      printed,
    );
    const all = flatText(await pdfText(await renderPdf(form, at)));
    expect(all).toContain('Фамилия, имя, отчество Иванов Пётр Сергеевич');
    expect(all).toContain('Соавторы Сидорова Мария Ивановна; ТСЖ «Невский 3»');
  });

  it("prints the sender's letter, the control and the answer when there are", async () => {
    const form = registrationCardForm(
      {
        ...card,
        applicant: {
          ...card.applicant,
          type: 'legal_entity',
          organizationName: 'ТСЖ «Невский 3»',
          inn: '7707083893',
          ogrn: '1027700132195',
          contactPerson: 'Кузнецова О. В.',
        },
        incomingLetter: {
          number: '15/04',
          date: '2026-03-27',
          postmarkDate: '2026-03-28',
          deliveryMethod: 'registered_post',
          sheets: 3,
          attachmentSheets: 5,
        },
        authorityControl: {
          authority: 'ГЖИ Санкт-Петербурга',
          letterNumber: '01-12/3456',
          letterDate: '2026-04-08',
          controlDate: '2026-04-20',
        },
        status: 'answered',
        answer: { answeredOn: '2026-04-15', outcome: 'supported' },
      },
      org,
      printed,
    );
    const all = flatText(await pdfText(await renderPdf(form, at)));
    for (const phrase of [
      'Письмо отправителя',
      'Номер и дата письма № 15/04 от 27.03.2026',
      'Дата почтового штемпеля 28.03.2026',
      'Способ доставки Заказное почтовое отправление',
      'Листов 3',
      'Листов приложений 5',
      'Наименование ТСЖ «Невский 3»',
      'ИНН 7707083893',
      'ОГРН 1027700132195',
      'Контактное лицо Кузнецова О. В.',
      'На контроле ГЖИ Санкт-Петербурга, письмо № 01-12/3456 от 08.04.2026, контрольный срок 20.04.2026',
      'Ответ дан 15.04.2026, поддержано',
    ]) {
      expect(all).toContain(phrase);
    }
  });

  it('prints the ОГРН or ОГРНИП of a legal-entity applicant only when known', async () => {
    const legal = { ...card.applicant, type: 'legal_entity', organizationName: 'ИП Кузнецов' };
    const print = async (applicant: RegistrationCardRecord['applicant']) =>
      flatText(
        await pdfText(
          await renderPdf(registrationCardForm({ ...card, applicant }, org, printed), at),
        ),
      );
    expect(await print({ ...legal, ogrn: '304500116000157' })).toContain('ОГРНИП 304500116000157');
    expect(await print({ ...legal, ogrn: null })).not.toContain('ОГРН');
    // A person's card has no organisation rows.
    expect(await print({ ...card.applicant, ogrn: '1027700132195' })).not.toContain('ОГРН');
  });

  it('quotes a long text up to the limit, cut at a word, and says so', () => {
    const word = 'перерасчёт ';
    const form = registrationCardForm(
      { ...card, text: word.repeat(Math.ceil((CARD_TEXT_LIMIT * 2) / word.length)) },
      org,
      printed,
    );
    const quoted = form.blocks.find((b) => b.kind === 'text');
    expect(quoted?.kind === 'text' && quoted.text).toMatch(
      /перерасчёт… \(текст сокращён; полностью — в обращении\)$/,
    );
    expect(quoted?.kind === 'text' && [...quoted.text].length).toBeLessThan(CARD_TEXT_LIMIT + 60);
  });

  it('offers a file name without path separators', () => {
    const form = outgoingLetterForm({ ...letter, number: 'ИСХ/26/7' }, org);
    expect(form.fileName).toBe('Письмо ИСХ-26-7');
  });
});
