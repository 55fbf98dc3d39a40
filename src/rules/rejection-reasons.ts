/**
 * Every ground for not answering an appeal on the merits (59-ФЗ ст. 11), in one place: the
 * reasons the rules give automatically (rule-registry.ts) and those only a head can judge. The
 * reasons list of the API, the notice texts, the ГИС ЖКХ cause and the report columns are read
 * from here. Dependency-free: appeal.enums.ts and the config import it.
 */
interface ReasonBase {
  /** Short Russian label; the SLA summary's column is «Отказ: <label>». */
  label: string;
  /** The part of 59-ФЗ ст. 11 it rests on. */
  law: string;
  /** The legal ground sent to ГИС ЖКХ as AnswerIsNotRequired/Cause. */
  gisCause: string;
}

/** Whether the applicant is told, and then with which paragraph of the `rejection` notice. */
type ReasonNotice =
  { notifiesApplicant: true; noticeText: string } | { notifiesApplicant: false; noticeText: null };

export type RejectionReasonDefinition = ReasonBase & ReasonNotice;

/** Order matters: it is the order of the API enum and of the report columns. */
export const REJECTION_REASON_DEFINITIONS = {
  anonymous: {
    label: 'аноним',
    law: 'ч. 1 ст. 11 59-ФЗ',
    // 59-ФЗ ст. 11 ч. 1: no answer is given, and there is nobody (no address) to tell.
    notifiesApplicant: false,
    noticeText: null,
    gisCause:
      'Обращение не рассматривается: не указаны фамилия гражданина или почтовый адрес, по которому должен быть направлен ответ (ч. 1 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ).',
  },
  abusive: {
    label: 'оскорбления',
    law: 'ч. 3 ст. 11 59-ФЗ',
    notifiesApplicant: true,
    noticeText:
      'В Вашем обращении содержатся нецензурные либо оскорбительные выражения, угрозы жизни, здоровью ' +
      'и имуществу должностного лица, а также членов его семьи. В соответствии с ч. 3 ст. 11 ' +
      'Федерального закона от 02.05.2006 № 59-ФЗ обращение оставлено без ответа по существу ' +
      'поставленных в нём вопросов. Сообщаем Вам о недопустимости злоупотребления правом.',
    gisCause:
      'Обращение оставлено без ответа по существу: содержит нецензурные либо оскорбительные выражения, угрозы жизни, здоровью и имуществу должностного лица; недопустимость злоупотребления правом разъяснена (ч. 3 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ).',
  },
  repeated: {
    label: 'повторное',
    law: 'ч. 5 ст. 11 59-ФЗ',
    notifiesApplicant: true,
    noticeText:
      'В Вашем обращении содержится вопрос, на который Вам неоднократно давались письменные ответы ' +
      'по существу в связи с ранее направляемыми обращениями, и при этом в обращении не приводятся ' +
      'новые доводы или обстоятельства. В соответствии с ч. 5 ст. 11 Федерального закона от 02.05.2006 ' +
      '№ 59-ФЗ принято решение о безосновательности очередного обращения и прекращении переписки ' +
      'с Вами по данному вопросу.',
    gisCause:
      'Переписка прекращена: на вопрос неоднократно давались письменные ответы по существу, новые доводы или обстоятельства не приведены (ч. 5 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ).',
  },
  illegible: {
    label: 'нечитаемо',
    law: 'ч. 4 ст. 11 59-ФЗ',
    notifiesApplicant: true,
    noticeText:
      'Текст Вашего письменного обращения не поддаётся прочтению. В соответствии с ч. 4 ст. 11 ' +
      'Федерального закона от 02.05.2006 № 59-ФЗ ответ на обращение не даётся, и оно не подлежит ' +
      'направлению на рассмотрение.',
    gisCause:
      'Ответ на обращение не дается: текст обращения не поддается прочтению (ч. 4 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ).',
  },
  essence_unclear: {
    label: 'суть неясна',
    law: 'ч. 4.1 ст. 11 59-ФЗ',
    notifiesApplicant: true,
    noticeText:
      'Текст Вашего письменного обращения не позволяет определить суть предложения, заявления или ' +
      'жалобы. В соответствии с ч. 4.1 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ ответ на ' +
      'обращение не даётся, и оно не подлежит направлению на рассмотрение.',
    gisCause:
      'Ответ на обращение не дается: текст обращения не позволяет определить суть предложения, заявления или жалобы (ч. 4.1 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ).',
  },
  court_decision: {
    label: 'решение суда',
    law: 'ч. 2 ст. 11 59-ФЗ',
    notifiesApplicant: true,
    noticeText:
      'В Вашем обращении обжалуется судебное решение. В соответствии с ч. 2 ст. 11 Федерального ' +
      'закона от 02.05.2006 № 59-ФЗ обращение возвращается Вам с разъяснением: судебное решение ' +
      'обжалуется в порядке, установленном процессуальным законодательством, в суд вышестоящей ' +
      'инстанции.',
    gisCause:
      'В обращении обжалуется судебное решение: обращение возвращается с разъяснением порядка обжалования (ч. 2 ст. 11 Федерального закона от 02.05.2006 № 59-ФЗ).',
  },
} as const satisfies Record<string, RejectionReasonDefinition>;

export type RejectionReason = keyof typeof REJECTION_REASON_DEFINITIONS;

/** Every reason, in the order above (the API enum, DTO validation). */
export const REJECTION_REASONS: readonly RejectionReason[] = Object.keys(
  REJECTION_REASON_DEFINITIONS,
) as RejectionReason[];

export const rejectionReason = (reason: RejectionReason): RejectionReasonDefinition =>
  REJECTION_REASON_DEFINITIONS[reason];

/** Whether a rejection for this reason is notified to the applicant (anonymous: no). */
export const notifiesApplicant = (reason: RejectionReason): boolean =>
  REJECTION_REASON_DEFINITIONS[reason].notifiesApplicant;
