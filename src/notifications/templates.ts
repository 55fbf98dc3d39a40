import type { RejectionReason } from '../appeals/appeal.enums';
import { describeClock, isClockName } from '../appeals/clocks/clock.registry';
import { rejectionReason } from '../rules/rejection-reasons';
import type { NotificationKind } from './notification.entity';

/** Everything a notice may mention; texts are Russian templates kept in this one file (SPEC §8). */
export interface NoticeContext {
  regNumber: string;
  registeredOn: string;
  applicantName: string | null;
  dueDate?: string | null;
  rejectionReason?: RejectionReason;
  comment?: string | null;
  joinedRegNumber?: string;
  joinedDueDate?: string | null;
  /** Extension: its reason; staff warnings: days left. */
  extensionReason?: string;
  daysLeft?: number;
  /** A recomputed due date: the one it had before. */
  previousDueDate?: string | null;
  /** Staff warnings and escalations of a legal clock other than the main term (issue 19). */
  clock?: string;
  /** A clock that runs in hours (issue 23): its due time, local, «06.04.2026 12:00». */
  dueAt?: string;
  /** Answer: its text; forwarding: the organisation. */
  answerText?: string;
  /** Answer to a collective appeal: its co-applicants, named under the reference (59-ФЗ ст. 4 п. 1). */
  coApplicants?: string | null;
  /** Answer: who signed it after sign-off (59-ФЗ ст. 10 ч. 4); without, the office signs. */
  signedBy?: { fullName: string; position: string | null } | null;
  forwardedTo?: string;
  letterNumber?: string;
  /** Crime report: the appeal's own subject and text, sent on with the letter. */
  appealSubject?: string | null;
  appealText?: string;
  /** Transmittal: the applicant as the receiving body answers them, and the appeal's files. */
  applicantFullName?: string | null;
  applicantContacts?: string | null;
  enclosures?: string[];
  /**
   * By e-mail: an answer's files are attached to the message (notification-sender), a
   * transmittal's too when they fit (`filesAttached`), else listed; by post enclosed on paper.
   */
  byEmail?: boolean;
  filesAttached?: boolean;
  /** A reception booking's notice (issue 22): local date and time, who receives, where. */
  reception?: {
    date: string;
    time: string;
    officialTitle: string;
    officialName: string;
    location: string;
  };
}

export interface Notice {
  subject: string;
  body: string;
}

const ru = (isoDate: string | null | undefined): string =>
  isoDate ? isoDate.split('-').reverse().join('.') : '—';

const greeting = (c: NoticeContext): string =>
  c.applicantName ? `Уважаемый(ая) ${c.applicantName}!` : 'Уважаемый заявитель!';

/** A legal clock's Russian name and, in brackets, where its term comes from. */
const clockText = (clock: string): string =>
  isClockName(clock) ? describeClock(clock).label : clock;
const clockLaw = (clock: string): string =>
  isClockName(clock) ? ` (${describeClock(clock).law})` : '';

const signature = '\n\nС уважением,\nслужба по работе с обращениями';

/** «15.05.2026 в 15:00 (местное время), Генеральный директор Иванов И. И., каб. 101». */
const receptionWhen = (c: NoticeContext): string => {
  const r = c.reception;
  if (!r) return '';
  return `${ru(r.date)} в ${r.time}: ${r.officialTitle} ${r.officialName}, ${r.location}`;
};

/** A signed answer ends with the signer's position and name instead of the office. */
const answerSignature = (c: NoticeContext): string =>
  c.signedBy
    ? `\n\nС уважением,\n${c.signedBy.position ? `${c.signedBy.position}\n` : ''}${c.signedBy.fullName}`
    : signature;

/** A transmittal's files: enclosed on paper by post; by e-mail attached, or listed when too big. */
const enclosureList = (c: NoticeContext): string => {
  const files = c.enclosures ?? [];
  if (files.length === 0) return '';
  const head = c.byEmail
    ? c.filesAttached
      ? '\n\nК обращению заявителем приложены файлы (во вложении к письму):'
      : '\n\nК обращению заявителем приложены файлы (направим по запросу):'
    : '\n\nПриложение: копии приложенных заявителем документов:';
  return head + files.map((f, i) => `\n${i + 1}. ${f}`).join('');
};

/** An answer's files (issue 20): attached to the e-mail, or enclosed with the letter. */
const answerEnclosures = (c: NoticeContext): string => {
  const files = c.enclosures ?? [];
  if (files.length === 0) return '';
  const head = c.byEmail ? '\n\nПриложение (файлы во вложении к письму):' : '\n\nПриложение:';
  return head + files.map((f, i) => `\n${i + 1}. ${f}`).join('');
};

export function renderNotice(kind: NotificationKind, c: NoticeContext): Notice {
  const ref = `Ваше обращение № ${c.regNumber} от ${ru(c.registeredOn)}`;
  switch (kind) {
    case 'acknowledgement':
      return {
        subject: `Обращение № ${c.regNumber} зарегистрировано`,
        body:
          `${greeting(c)}\n\n${ref} зарегистрировано. ` +
          `Срок рассмотрения — до ${ru(c.dueDate)} (ст. 12 Федерального закона от 02.05.2006 № 59-ФЗ).` +
          signature,
      };
    case 'rejection': {
      // The legal wording of each ground (59-ФЗ ст. 11) is kept with the reason.
      const reason = c.rejectionReason ? rejectionReason(c.rejectionReason) : null;
      if (!reason?.notifiesApplicant) {
        throw new Error(`No notice is sent for rejection reason ${String(c.rejectionReason)}`);
      }
      const comment = c.comment ? `\n\n${c.comment}` : '';
      return {
        subject: `Обращение № ${c.regNumber}: ответ по существу не даётся`,
        body: `${greeting(c)}\n\nРассмотрено ${ref.charAt(0).toLowerCase()}${ref.slice(1)}. ${reason.noticeText}${comment}${signature}`,
      };
    }
    case 'duplicate':
      return {
        subject: `Обращение № ${c.regNumber} присоединено к обращению № ${c.joinedRegNumber ?? '—'}`,
        body:
          `${greeting(c)}\n\n${ref} содержит те же вопросы, что и ранее поступившее обращение ` +
          `№ ${c.joinedRegNumber ?? '—'}, которое находится на рассмотрении. Обращения объединены; ` +
          `ответ будет дан в рамках обращения № ${c.joinedRegNumber ?? '—'} в срок до ${ru(c.joinedDueDate)}.` +
          signature,
      };
    case 'extension':
      // 59-ФЗ ст. 12 ч. 2: the applicant is told of the extension.
      return {
        subject: `Срок рассмотрения обращения № ${c.regNumber} продлён`,
        body:
          `${greeting(c)}\n\nСрок рассмотрения ${ref.charAt(0).toLowerCase()}${ref.slice(1)} продлён ` +
          `до ${ru(c.dueDate)} в соответствии с ч. 2 ст. 12 Федерального закона от 02.05.2006 № 59-ФЗ.` +
          (c.extensionReason ? ` Причина: ${c.extensionReason}.` : '') +
          signature,
      };
    case 'assignment':
      return {
        subject: `Вам назначено обращение № ${c.regNumber}`,
        body: `Вам назначено обращение № ${c.regNumber} от ${ru(c.registeredOn)}. Срок рассмотрения — до ${ru(c.dueDate)}.`,
      };
    case 'sla_warning':
      if (c.clock && c.dueAt) {
        return {
          subject: `Обращение № ${c.regNumber}: срок «${clockText(c.clock)}» — до ${c.dueAt}`,
          body:
            `По обращению № ${c.regNumber} от ${ru(c.registeredOn)} истекает срок ` +
            `«${clockText(c.clock)}»${clockLaw(c.clock)}: до ${c.dueAt}.`,
        };
      }
      if (c.clock) {
        return {
          subject: `Обращение № ${c.regNumber}: срок «${clockText(c.clock)}» — ${c.daysLeft ?? 0} дн.`,
          body:
            `По обращению № ${c.regNumber} от ${ru(c.registeredOn)} истекает срок ` +
            `«${clockText(c.clock)}»${clockLaw(c.clock)}: осталось ${c.daysLeft ?? 0} дн. ` +
            `(до ${ru(c.dueDate)}).`,
        };
      }
      return {
        subject: `Обращение № ${c.regNumber}: до окончания срока ${c.daysLeft ?? 0} дн.`,
        body:
          `До окончания срока рассмотрения обращения № ${c.regNumber} от ${ru(c.registeredOn)} ` +
          `осталось ${c.daysLeft ?? 0} дн. (срок до ${ru(c.dueDate)}).`,
      };
    case 'due_date_earlier':
      return {
        subject: `Обращение № ${c.regNumber}: срок рассмотрения перенесён на более раннюю дату`,
        body:
          `Срок рассмотрения обращения № ${c.regNumber} от ${ru(c.registeredOn)} изменён ` +
          `с ${ru(c.previousDueDate)} на ${ru(c.dueDate)}: уточнён производственный календарь.`,
      };
    case 'sla_escalation':
      if (c.clock) {
        return {
          subject: `Обращение № ${c.regNumber}: истёк срок «${clockText(c.clock)}»`,
          body:
            `По обращению № ${c.regNumber} от ${ru(c.registeredOn)} истёк срок ` +
            `«${clockText(c.clock)}»${clockLaw(c.clock)} — ${c.dueAt ?? ru(c.dueDate)}; ` +
            'решение не принято.',
        };
      }
      return {
        subject: `Обращение № ${c.regNumber} просрочено`,
        body:
          `Срок рассмотрения обращения № ${c.regNumber} от ${ru(c.registeredOn)} истёк ${ru(c.dueDate)}, ` +
          'ответ заявителю не отправлен.',
      };
    case 'forwarding':
      // 59-ФЗ ст. 8 ч. 3: forwarded within 7 days, the applicant told.
      return {
        subject: `Обращение № ${c.regNumber} направлено по компетенции`,
        body:
          `${greeting(c)}\n\n${ref} содержит вопросы, решение которых не входит в нашу компетенцию. ` +
          `В соответствии с ч. 3 ст. 8 Федерального закона от 02.05.2006 № 59-ФЗ обращение направлено ` +
          `для рассмотрения в ${c.forwardedTo ?? '—'}` +
          (c.letterNumber ? ` (сопроводительное письмо исх. № ${c.letterNumber}).` : '.') +
          signature,
      };
    case 'crime_report':
      // 59-ФЗ ст. 11 ч. 1: no answer to an anonymous appeal, but one that reports an unlawful act
      // is sent to the state body whose competence it is.
      return {
        subject: `Направление обращения № ${c.regNumber} (ч. 1 ст. 11 Федерального закона № 59-ФЗ)`,
        body:
          `${c.forwardedTo ?? '—'}\n\n` +
          `Направляем поступившее ${ru(c.registeredOn)} обращение № ${c.regNumber}. В обращении не ` +
          'указаны фамилия заявителя или почтовый адрес для ответа, и ответ на него не даётся; ' +
          'вместе с тем оно содержит сведения о подготавливаемом, совершаемом или совершённом ' +
          'противоправном деянии. В соответствии с ч. 1 ст. 11 Федерального закона от 02.05.2006 ' +
          '№ 59-ФЗ обращение направляется в государственный орган в соответствии с его компетенцией.' +
          (c.comment ? `\n\n${c.comment}` : '') +
          '\n\nТекст обращения:\n' +
          (c.appealSubject ? `${c.appealSubject}\n` : '') +
          (c.appealText ?? '') +
          signature,
      };
    case 'transmittal':
      // 59-ФЗ ст. 8 ч. 3: sent within 7 days of registration to the body whose competence it is,
      // with the appeal and its files; that body answers the applicant.
      return {
        subject:
          `Исх. № ${c.letterNumber ?? '—'}: направление обращения № ${c.regNumber} ` +
          'по компетенции',
        body:
          `${c.forwardedTo ?? '—'}\n\n` +
          `Исх. № ${c.letterNumber ?? '—'}\n\n` +
          `В соответствии с ч. 3 ст. 8 Федерального закона от 02.05.2006 № 59-ФЗ направляем для ` +
          `рассмотрения по компетенции обращение № ${c.regNumber} от ${ru(c.registeredOn)}. ` +
          'О переадресации обращения заявитель уведомлён.' +
          (c.comment ? `\n\nОснование: ${c.comment}` : '') +
          `\n\nЗаявитель: ${c.applicantFullName ?? '—'}` +
          (c.applicantContacts ? `\nАдрес для ответа: ${c.applicantContacts}` : '') +
          '\n\nТекст обращения:\n' +
          (c.appealSubject ? `${c.appealSubject}\n` : '') +
          (c.appealText ?? '') +
          enclosureList(c) +
          signature,
      };
    case 'answer':
      return {
        subject: `Ответ на обращение № ${c.regNumber}`,
        body:
          `${greeting(c)}\n\n` +
          (c.letterNumber ? `Исх. № ${c.letterNumber}. ` : '') +
          `Ответ на ${ref.charAt(0).toLowerCase()}${ref.slice(1)}.` +
          (c.coApplicants ? `\nСоавторы обращения: ${c.coApplicants}.` : '') +
          `\n\n${c.answerText ?? ''}` +
          answerEnclosures(c) +
          answerSignature(c),
      };
    // Personal reception by appointment (59-ФЗ ст. 13, issue 22): `regNumber` is the booking's.
    case 'reception_booked':
      return {
        subject: `Запись на личный приём № ${c.regNumber}`,
        body:
          `${greeting(c)}\n\nВы записаны на личный приём ${receptionWhen(c)}. ` +
          `Номер записи — ${c.regNumber}. При себе имейте документ, удостоверяющий личность ` +
          `(ч. 2 ст. 13 Федерального закона от 02.05.2006 № 59-ФЗ).` +
          signature,
      };
    case 'reception_reminder':
      return {
        subject: `Напоминание о личном приёме № ${c.regNumber}`,
        body:
          `${greeting(c)}\n\nНапоминаем: вы записаны на личный приём ${receptionWhen(c)}. ` +
          `Номер записи — ${c.regNumber}.` +
          signature,
      };
    case 'reception_cancelled':
      return {
        subject: `Личный приём по записи № ${c.regNumber} отменён`,
        body:
          `${greeting(c)}\n\nЛичный приём ${receptionWhen(c)} по записи № ${c.regNumber} отменён.` +
          (c.comment ? ` Причина: ${c.comment}.` : '') +
          ' Вы можете записаться на другое время.' +
          signature,
      };
    default: {
      const never: never = kind;
      throw new Error(`Unknown notice kind ${String(never)}`);
    }
  }
}
