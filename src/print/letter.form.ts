import type { OrganizationConfig } from '../config/organization';
import type { LocalDate } from '../common/time/local-date';
import { ruDate, safeFileName, type Block, type PrintForm } from './print-form';

/**
 * Any outgoing letter on the organisation's letterhead (ГОСТ Р 7.0.97-2016: the organisation's
 * name and reference details, the document's number and date, the reference to the document it
 * answers, the addressee, the heading, the text, the enclosures, the signature). The answers and
 * notices of `outgoing_letters` use it through `outgoingLetterForm`; the transmittal letter of a
 * forwarding (59-ФЗ ст. 8 ч. 3) is meant to be another caller, with `enclosures`.
 */
export interface LetterInput {
  org: OrganizationConfig;
  number: string;
  date: LocalDate;
  /** «На № … от …»: the document it answers; null when it answers none. */
  inReplyTo: { number: string; date: LocalDate } | null;
  /** Who it goes to, line by line: the name, then the address. */
  addressee: string[];
  subject: string;
  body: string;
  enclosures?: string[];
  /** Who signs it; null: the text's own closing stands (the notices end with one). */
  signature?: { position: string; fullName: string } | null;
  /** Small print at the end, e.g. who printed it. */
  note?: string | null;
}

export function letterForm(l: LetterInput): PrintForm {
  // ГОСТ Р 7.0.97-2016: the date and the number on one line, the reference below.
  const left = [`${ruDate(l.date)} № ${l.number}`];
  if (l.inReplyTo) left.push(`На № ${l.inReplyTo.number} от ${ruDate(l.inReplyTo.date)}`);
  const blocks: Block[] = [
    { kind: 'letterhead', org: l.org },
    { kind: 'letter-requisites', left, addressee: l.addressee },
    { kind: 'heading', text: l.subject },
    { kind: 'text', text: l.body },
  ];
  if (l.enclosures && l.enclosures.length > 0) {
    blocks.push({ kind: 'enclosures', items: l.enclosures });
  }
  if (l.signature) blocks.push({ kind: 'signature', ...l.signature });
  if (l.note) blocks.push({ kind: 'note', text: l.note });
  return { title: `Письмо № ${l.number}`, fileName: safeFileName(`Письмо ${l.number}`), blocks };
}

/** What the letter PDF needs of an `outgoing_letters` row, its notice and its appeal. */
export interface OutgoingLetterRecord {
  number: string;
  /** The local date it was written (numbered). */
  writtenOn: LocalDate;
  /** The notice's recipient: a postal address, or a state body's name (a crime report). */
  address: string;
  subject: string;
  body: string;
  audience: 'applicant' | 'staff' | 'authority';
  appeal: { regNumber: string; registeredOn: LocalDate; applicantName: string | null };
}

/**
 * A letter of the print queue. To the applicant it answers their appeal («На № <рег. номер>») and
 * names them above the address; to a state body (an anonymous appeal reporting a crime, 59-ФЗ
 * ст. 11 ч. 1) the address is the body itself and the appeal is quoted in the text.
 */
export function outgoingLetterForm(
  letter: OutgoingLetterRecord,
  org: OrganizationConfig,
  note: string | null = null,
): PrintForm {
  const toApplicant = letter.audience === 'applicant';
  const addressee =
    toApplicant && letter.appeal.applicantName
      ? [letter.appeal.applicantName, letter.address]
      : [letter.address];
  return letterForm({
    org,
    number: letter.number,
    date: letter.writtenOn,
    inReplyTo: toApplicant
      ? { number: letter.appeal.regNumber, date: letter.appeal.registeredOn }
      : null,
    addressee,
    subject: letter.subject,
    body: letter.body,
    note,
  });
}
