import type { OrganizationConfig } from '../config/organization';
import type { LocalDate } from '../common/time/local-date';

/**
 * A print form as data: what it says, block by block, in reading order. The forms
 * (letter.form.ts, registration-card.form.ts) are pure functions from the record to a
 * `PrintForm`; pdf-renderer.ts is the one place that knows the page — A4, fonts, margins. A new
 * form (the transmittal letter of a forwarding) is another function made of the same blocks.
 */
export interface PrintForm {
  /** The PDF's Title (shown in a viewer's title bar). */
  title: string;
  /** The file name offered on download, without the extension. */
  fileName: string;
  blocks: Block[];
}

export type Block =
  /** The organisation's name and requisites at the top of the first page. */
  | { kind: 'letterhead'; org: OrganizationConfig }
  /** A letter's number and date, and what it answers (left), beside its addressee (right). */
  | { kind: 'letter-requisites'; left: string[]; addressee: string[] }
  /** A centred bold title: «РЕГИСТРАЦИОННО-КОНТРОЛЬНАЯ КАРТОЧКА». */
  | { kind: 'title'; text: string; subtitle?: string }
  /** A bold heading above the text: a letter's subject, a card's section. */
  | { kind: 'heading'; text: string }
  /** Running text; blank lines separate paragraphs, single line breaks are kept. */
  | { kind: 'text'; text: string }
  /** Label–value rows of a card, framed. A value of null prints as a dash. */
  | { kind: 'fields'; rows: FieldRow[] }
  /** «Приложение: …» under a letter's text. */
  | { kind: 'enclosures'; items: string[] }
  /** The signatory's position on the left, the name on the right (ГОСТ Р 7.0.97-2016). */
  | { kind: 'signature'; position: string; fullName: string }
  /** Small print at the end: who printed it and when. */
  | { kind: 'note'; text: string };

export interface FieldRow {
  label: string;
  value: string | null;
}

/** A calendar date as printed: ДД.ММ.ГГГГ. */
export const ruDate = (date: LocalDate | null | undefined): string =>
  date ? date.split('-').reverse().join('.') : '—';

/** The organisation's requisites as printed lines below its name; empty ones left out. */
export function requisiteLines(org: OrganizationConfig): string[] {
  const taxIds = [org.inn && `ИНН ${org.inn}`, org.kpp && `КПП ${org.kpp}`].filter(Boolean);
  const contacts = [org.phone && `тел. ${org.phone}`, org.email && `эл. почта ${org.email}`].filter(
    Boolean,
  );
  return [org.address, contacts.join(', '), taxIds.join(', ')].filter(
    (l): l is string => typeof l === 'string' && l !== '',
  );
}

/**
 * A name as a file name can hold it: path separators, reserved and control characters become
 * dashes (a number template may contain «/»: `{seq}/{yy}`).
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '-').trim() || 'document';
}
