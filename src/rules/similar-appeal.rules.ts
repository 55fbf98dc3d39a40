import type { RuleFinding, SimilarAppeal } from './rule.types';

// OPEN_STATUSES of appeals/appeal-status.ts, spelled out: rules import only appeals' types.
const OPEN: readonly string[] = [
  'registered',
  'under_review',
  'assigned',
  'in_progress',
  'answer_review',
];

const MATCH_WORDS = {
  email: 'e-mail',
  account: 'лицевой счёт',
  name_address: 'ФИО и адрес',
} as const;

const fmt = (n: number): string => n.toFixed(2).replace('.', ',');
const describe = (c: SimilarAppeal): string =>
  `сходство текста ${fmt(c.similarity)}; совпадает: ${c.matchedBy.map((m) => MATCH_WORDS[m]).join(', ')}`;

const best = (cs: SimilarAppeal[]): SimilarAppeal | undefined =>
  [...cs].sort(
    (a, b) => b.similarity - a.similarity || b.registeredAt.getTime() - a.registeredAt.getTime(),
  )[0];

/**
 * `duplicate`: the same applicant asks the same question in an appeal that is still open
 * (SPEC §4, company policy): it joins that case instead of starting a new term.
 */
export function checkDuplicate(candidates: SimilarAppeal[], threshold: number): RuleFinding {
  const match = best(
    candidates.filter((c) => OPEN.includes(c.status) && c.similarity >= threshold),
  );
  return match
    ? {
        rule: 'duplicate',
        fired: true,
        detail: `Дублирует обращение ${match.regNumber}, которое ещё на рассмотрении (${describe(match)})`,
        relatedAppeal: match,
      }
    : { rule: 'duplicate', fired: false, detail: 'Похожих открытых обращений этого заявителя нет' };
}

/**
 * `repeated`: the same question was already answered on the merits and no new arguments are
 * given (59-ФЗ ст. 11 ч. 5). A near-identical text is taken as "no new arguments".
 */
export function checkRepeated(candidates: SimilarAppeal[], threshold: number): RuleFinding {
  const match = best(
    candidates.filter((c) => c.status === 'answered' && c.similarity >= threshold),
  );
  if (!match)
    return {
      rule: 'repeated',
      fired: false,
      detail: 'Похожих отвеченных обращений этого заявителя нет',
    };
  const answered = match.answeredAt
    ? `, ответ дан ${match.answeredAt.toISOString().slice(0, 10)}`
    : '';
  return {
    rule: 'repeated',
    fired: true,
    detail: `Повторяет обращение ${match.regNumber}${answered} (${describe(match)})`,
    relatedAppeal: match,
  };
}
