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
    'answered',
    'rejected',
    'forwarded',
    'withdrawn',
    'registered',
  ],
  in_progress: ['assigned', 'answered', 'rejected', 'forwarded', 'withdrawn'],
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
];

export const isTerminal = (s: AppealStatus): boolean => TRANSITIONS[s].length === 0;

export const canTransition = (from: AppealStatus, to: AppealStatus): boolean =>
  TRANSITIONS[from].includes(to);
