import type { AppealStatus } from './appeal.enums';

/**
 * The one table of allowed status changes (SPEC §7); anything else is 409 INVALID_TRANSITION.
 * `registered` and `under_review` are where rules and routing put a new appeal.
 */
export const TRANSITIONS: Record<AppealStatus, readonly AppealStatus[]> = {
  registered: ['under_review', 'assigned', 'rejected', 'duplicate', 'forwarded', 'withdrawn'],
  // A flagged appeal is accepted (→ registered, then routed) or rejected; never assigned directly.
  under_review: ['registered', 'rejected', 'forwarded', 'withdrawn'],
  // A person may still reject later (illegible, essence unclear, court decision: 59-ФЗ ст. 11).
  assigned: [
    'assigned',
    'in_progress',
    'answer_review',
    'answered',
    'rejected',
    'forwarded',
    'withdrawn',
    'registered',
  ],
  // → registered: a correction moved it to another department (PATCH /appeals/{id}, issue 20);
  // it waits in the new department's queue.
  in_progress: [
    'assigned',
    'answer_review',
    'answered',
    'rejected',
    'forwarded',
    'withdrawn',
    'registered',
  ],
  // A draft answer (department with `answerApproval`): approved and dispatched, or returned to
  // the officer; the applicant may still withdraw. It is open: the term is met by the dispatch.
  answer_review: ['answered', 'in_progress', 'withdrawn'],
  answered: [],
  rejected: [],
  duplicate: [],
  forwarded: [],
  withdrawn: [],
};

export const OPEN_STATUSES: readonly AppealStatus[] = [
  'registered',
  'under_review',
  'assigned',
  'in_progress',
  'answer_review',
];

export const isTerminal = (s: AppealStatus): boolean => TRANSITIONS[s].length === 0;

export const canTransition = (from: AppealStatus, to: AppealStatus): boolean =>
  TRANSITIONS[from].includes(to);
