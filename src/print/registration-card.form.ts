import type { OrganizationConfig } from '../config/organization';
import type { LocalDate } from '../common/time/local-date';
import {
  applicantTypeLabel,
  deliveryMethodLabel,
  kindLabel,
  outcomeLabel,
  statusLabel,
} from './labels';
import { ruDate, safeFileName, type Block, type FieldRow, type PrintForm } from './print-form';

/** The appeal's text is quoted up to this many characters: the card is a summary, not the file. */
export const CARD_TEXT_LIMIT = 1500;

/** Everything the card shows, already read and labelled where a label needs the database. */
export interface RegistrationCardRecord {
  regNumber: string;
  registeredOn: LocalDate;
  /** Local time of registration, ЧЧ:ММ. */
  registeredAtTime: string;
  receivedOn: LocalDate;
  /** The channel's Russian label (channel registry). */
  channel: string;
  /** Who registered it: a staff member's name, an API client's name, or null (imported). */
  registeredBy: string | null;
  kind: string;
  status: string;
  topic: { code: string; name: string | null } | null;
  replyChannel: string;
  applicant: {
    type: string;
    lastName: string | null;
    firstName: string | null;
    middleName: string | null;
    organizationName: string | null;
    inn: string | null;
    /** ОГРН (13 digits) or ОГРНИП (15): printed for a legal entity when known. */
    ogrn?: string | null;
    contactPerson: string | null;
    postalAddress: string | null;
    email: string | null;
    phone: string | null;
  };
  /** The other signatories of a collective appeal (59-ФЗ ст. 4 п. 1), by name; none: no line. */
  coApplicants?: string[];
  accountNumber: string | null;
  serviceAddress: string | null;
  subject: string | null;
  text: string;
  /**
   * The sender's covering letter (issue 20, item 4: incoming-letter details); the card prints
   * its section whenever it is given.
   */
  incomingLetter?: {
    number: string | null;
    date: LocalDate | null;
    postmarkDate: LocalDate | null;
    deliveryMethod: string | null;
    sheets: number | null;
    attachmentSheets: number | null;
  } | null;
  dueDate: LocalDate | null;
  dueDateProvisional: boolean;
  authorityControl: {
    authority: string;
    letterNumber: string;
    letterDate: LocalDate;
    controlDate: LocalDate;
  } | null;
  department: string | null;
  assignee: string | null;
  files: number;
  answer: { answeredOn: LocalDate | null; outcome: string | null } | null;
  forwardedTo: string | null;
  duplicateOf: string | null;
}

/**
 * The registration and control card (регистрационно-контрольная карточка) of one appeal: what
 * the registration recorded and where the case stands, for the paper file and for control.
 */
export function registrationCardForm(
  card: RegistrationCardRecord,
  org: OrganizationConfig,
  printed: { on: LocalDate; time: string; by: string },
): PrintForm {
  const a = card.applicant;
  const person = [a.lastName, a.firstName, a.middleName].filter(Boolean).join(' ') || null;
  const blocks: Block[] = [
    { kind: 'letterhead', org },
    {
      kind: 'title',
      text: 'РЕГИСТРАЦИОННО-КОНТРОЛЬНАЯ КАРТОЧКА',
      subtitle: `обращения № ${card.regNumber}`,
    },
    { kind: 'heading', text: 'Регистрация' },
    {
      kind: 'fields',
      rows: [
        { label: 'Регистрационный номер', value: card.regNumber },
        {
          label: 'Дата регистрации',
          value: `${ruDate(card.registeredOn)} ${card.registeredAtTime}`,
        },
        { label: 'Дата поступления', value: ruDate(card.receivedOn) },
        { label: 'Способ поступления', value: card.channel },
        { label: 'Зарегистрировал', value: card.registeredBy },
        { label: 'Вид обращения', value: kindLabel(card.kind) },
        {
          label: 'Тематика',
          value: card.topic ? [card.topic.code, card.topic.name].filter(Boolean).join(' — ') : null,
        },
        { label: 'Форма ответа', value: card.replyChannel },
      ],
    },
  ];
  const letter = card.incomingLetter;
  if (letter) {
    const numberAndDate = [
      letter.number && `№ ${letter.number}`,
      letter.date && `от ${ruDate(letter.date)}`,
    ]
      .filter(Boolean)
      .join(' ');
    blocks.push(
      { kind: 'heading', text: 'Письмо отправителя' },
      {
        kind: 'fields',
        rows: [
          { label: 'Номер и дата письма', value: numberAndDate || null },
          {
            label: 'Дата почтового штемпеля',
            value: letter.postmarkDate && ruDate(letter.postmarkDate),
          },
          {
            label: 'Способ доставки',
            value: letter.deliveryMethod && deliveryMethodLabel(letter.deliveryMethod),
          },
          { label: 'Листов', value: count(letter.sheets) },
          { label: 'Листов приложений', value: count(letter.attachmentSheets) },
        ],
      },
    );
  }
  blocks.push(
    { kind: 'heading', text: 'Заявитель' },
    {
      kind: 'fields',
      rows: [
        { label: 'Заявитель', value: applicantTypeLabel(a.type) },
        a.type === 'legal_entity'
          ? { label: 'Наименование', value: a.organizationName }
          : { label: 'Фамилия, имя, отчество', value: person },
        ...(card.coApplicants?.length
          ? [{ label: 'Соавторы', value: card.coApplicants.join('; ') }]
          : []),
        ...(a.type === 'legal_entity'
          ? [
              { label: 'ИНН', value: a.inn },
              ...(a.ogrn ? [{ label: ogrnLabel(a.ogrn), value: a.ogrn }] : []),
              { label: 'Контактное лицо', value: a.contactPerson },
            ]
          : []),
        { label: 'Почтовый адрес', value: a.postalAddress },
        { label: 'Электронная почта', value: a.email },
        { label: 'Телефон', value: a.phone },
        { label: 'Лицевой счёт', value: card.accountNumber },
        { label: 'Адрес предоставления услуги', value: card.serviceAddress },
      ],
    },
    { kind: 'heading', text: 'Содержание' },
    { kind: 'fields', rows: [{ label: 'Тема', value: card.subject }] },
    { kind: 'text', text: excerpt(card.text) },
    { kind: 'heading', text: 'Исполнение' },
    { kind: 'fields', rows: executionRows(card) },
    {
      kind: 'note',
      text: `Карточка распечатана ${ruDate(printed.on)} ${printed.time}, ${printed.by}`,
    },
  );
  return {
    title: `Регистрационно-контрольная карточка № ${card.regNumber}`,
    fileName: safeFileName(`РКК ${card.regNumber}`),
    blocks,
  };
}

function executionRows(card: RegistrationCardRecord): FieldRow[] {
  const rows: FieldRow[] = [
    { label: 'Подразделение', value: card.department },
    { label: 'Исполнитель', value: card.assignee },
    {
      label: 'Срок рассмотрения',
      value: card.dueDate
        ? `до ${ruDate(card.dueDate)}${card.dueDateProvisional ? ' (предварительно: по ТК ст. 112)' : ''}`
        : null,
    },
  ];
  const control = card.authorityControl;
  if (control) {
    rows.push({
      label: 'На контроле',
      value:
        `${control.authority}, письмо № ${control.letterNumber} от ${ruDate(control.letterDate)}, ` +
        `контрольный срок ${ruDate(control.controlDate)}`,
    });
  }
  rows.push(
    { label: 'Файлов в электронном виде', value: String(card.files) },
    { label: 'Состояние', value: statusLabel(card.status) },
  );
  if (card.answer) {
    rows.push({
      label: 'Ответ',
      value: [
        card.answer.answeredOn && `дан ${ruDate(card.answer.answeredOn)}`,
        card.answer.outcome && outcomeLabel(card.answer.outcome).toLowerCase(),
      ]
        .filter(Boolean)
        .join(', '),
    });
  }
  if (card.forwardedTo) rows.push({ label: 'Направлено', value: card.forwardedTo });
  if (card.duplicateOf) rows.push({ label: 'Присоединено к', value: `№ ${card.duplicateOf}` });
  return rows;
}

/** An individual entrepreneur's number (15 digits) is an ОГРНИП, an organisation's an ОГРН. */
const ogrnLabel = (ogrn: string): string => (ogrn.length === 15 ? 'ОГРНИП' : 'ОГРН');

const count = (n: number | null): string | null => (n === null ? null : String(n));

/** The text up to CARD_TEXT_LIMIT characters, cut at a word, with a mark that it goes on. */
function excerpt(text: string): string {
  const chars = [...text.trim()];
  if (chars.length <= CARD_TEXT_LIMIT) return chars.join('');
  const cut = chars.slice(0, CARD_TEXT_LIMIT).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > CARD_TEXT_LIMIT / 2 ? atWord : cut}… (текст сокращён; полностью — в обращении)`;
}
