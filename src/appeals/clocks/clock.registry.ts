import type { RejectionReason } from '../../rules/rejection-reasons';
import type { AppealStatus } from '../appeal.enums';

/**
 * Every legal clock an appeal is tracked against (SPEC §6, issue 19), in one place and in the
 * contract's order: the appeal's `clocks`, the reports' `clock` column, the sweep's notices and
 * the SLA summary's late counts are read from here (docs/sla.md, «Clocks»).
 *
 * `answer` and `registration` are the appeal's own columns (`due_date`/`answered_at`,
 * `received_at`/`registered_at`); the others are rows of `appeal_clocks`, started by a rule or
 * by a person and met by the decision the law asks for.
 */
interface ClockBase {
  /** Russian, as a notice or a report column names it. */
  label: string;
  /** Where the term comes from. */
  law: string;
}

interface AppealColumnClock extends ClockBase {
  kept: 'appeal';
}

interface RowClock extends ClockBase {
  kept: 'row';
  /** Calendar days from the registration date; null: the date is given (a control date). */
  days: number | null;
  /** A head, a supervisor or the assignee may start it by hand (PUT /appeals/{id}/clocks/{name}). */
  raisable: boolean;
  /**
   * The decision that meets it: a status, and for a rejection its reason; `any_closing`: any
   * closing of the appeal; `inspection_act`: an inspection act (src/quality/), not a status.
   */
  metBy:
    { status: AppealStatus; reason: RejectionReason | null } | 'any_closing' | 'inspection_act';
  /**
   * Runs in hours (`appeal_clocks.due_at`), not days: due at a time, warned minutes before it
   * and overdue the moment it passes (QUALITY_INSPECTION_*). `days` is then null.
   */
  hourly?: true;
}

export type ClockDefinition = AppealColumnClock | RowClock;

/** 59-ФЗ ст. 8 ч. 3 and ст. 11 ч. 2, 4, 4.1: seven days from registration. */
const SEVEN_DAYS = 7;

export const CLOCK_DEFINITIONS = {
  answer: { kept: 'appeal', label: 'рассмотрение обращения', law: 'ч. 1 ст. 12 59-ФЗ' },
  registration: { kept: 'appeal', label: 'регистрация', law: 'ч. 2 ст. 8 59-ФЗ' },
  forwarding: {
    kept: 'row',
    label: 'направление по компетенции',
    law: 'ч. 3 ст. 8 59-ФЗ',
    days: SEVEN_DAYS,
    raisable: true,
    metBy: { status: 'forwarded', reason: null },
  },
  court_return: {
    kept: 'row',
    label: 'возврат обращения об обжаловании судебного решения',
    law: 'ч. 2 ст. 11 59-ФЗ',
    days: SEVEN_DAYS,
    raisable: true,
    metBy: { status: 'rejected', reason: 'court_decision' },
  },
  illegible_notice: {
    kept: 'row',
    label: 'уведомление о нечитаемом тексте',
    law: 'ч. 4 ст. 11 59-ФЗ',
    days: SEVEN_DAYS,
    raisable: true,
    metBy: { status: 'rejected', reason: 'illegible' },
  },
  unclear_notice: {
    kept: 'row',
    label: 'уведомление о неясной сути обращения',
    law: 'ч. 4.1 ст. 11 59-ФЗ',
    days: SEVEN_DAYS,
    raisable: true,
    metBy: { status: 'rejected', reason: 'essence_unclear' },
  },
  authority_control: {
    kept: 'row',
    label: 'контрольный срок надзорного органа',
    law: 'письмо органа (SPEC §6)',
    days: null,
    raisable: false,
    metBy: 'any_closing',
  },
  // ПП 354 п. 108 (issue 23): a quality-violation report is inspected within 2 hours of the
  // report unless another time is agreed with the consumer; the act (п. 109–110) meets it.
  inspection: {
    kept: 'row',
    label: 'проверка качества коммунальной услуги',
    law: 'п. 108 ПП 354',
    days: null,
    raisable: false,
    metBy: 'inspection_act',
    hourly: true,
  },
} as const satisfies Record<string, ClockDefinition>;

export type ClockName = keyof typeof CLOCK_DEFINITIONS;

/** Every clock, in the contract's order (the appeal's `clocks`, the summary's `lateByClock`). */
export const CLOCK_NAMES = Object.keys(CLOCK_DEFINITIONS) as ClockName[];

type RowClockKey = {
  [K in ClockName]: (typeof CLOCK_DEFINITIONS)[K] extends { kept: 'row' } ? K : never;
}[ClockName];
/** The clocks kept as `appeal_clocks` rows. */
export type RowClockName = RowClockKey;
export const ROW_CLOCKS = CLOCK_NAMES.filter(
  (n): n is RowClockName => CLOCK_DEFINITIONS[n].kept === 'row',
);

/** The clocks a person may start by hand. */
export const RAISABLE_CLOCKS = ROW_CLOCKS.filter((n) => rowClock(n).raisable);

/** The clocks that run in hours (`due_at`): the sweep warns and escalates them by the time. */
export const HOURLY_CLOCKS = ROW_CLOCKS.filter((n) => rowClock(n).hourly === true);

export const describeClock = (name: ClockName): ClockDefinition => CLOCK_DEFINITIONS[name];

export function rowClock(name: RowClockName): RowClock {
  return CLOCK_DEFINITIONS[name];
}

export const isClockName = (v: unknown): v is ClockName =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(CLOCK_DEFINITIONS, v);

export const clockLabel = (name: string): string =>
  isClockName(name) ? CLOCK_DEFINITIONS[name].label : name;

/** What a status change does to an appeal's clock rows. */
export interface ClockEffects {
  /** The clock whose decision this is: met now, recorded even if it was not running. */
  decided: RowClockName | null;
  /** The appeal closes: `any_closing` clocks are met, every other running clock stops. */
  closes: boolean;
  /**
   * An officer has the appeal (assigned, in progress): the forwarding clock a rule started —
   * not one a person raised — stops; the officer now answers for the question of competence.
   */
  takenIntoWork: boolean;
}

const CLOSING: readonly AppealStatus[] = [
  'answered',
  'rejected',
  'duplicate',
  'forwarded',
  'withdrawn',
];

/** Pure: the effects of moving an appeal to `to` (with its rejection reason, if rejected). */
export function clockEffects(to: AppealStatus, reason: RejectionReason | null): ClockEffects {
  const decided =
    ROW_CLOCKS.find((n) => {
      const metBy = rowClock(n).metBy;
      return typeof metBy === 'object' && metBy.status === to && metBy.reason === reason;
    }) ?? null;
  return {
    decided,
    closes: CLOSING.includes(to),
    takenIntoWork: to === 'assigned' || to === 'in_progress',
  };
}
