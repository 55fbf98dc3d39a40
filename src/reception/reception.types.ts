import type { ApplicantDto } from '../intake/create-appeal.dto';

export const BOOKING_STATUSES = ['booked', 'cancelled', 'completed'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** 59-ФЗ ст. 13 ч. 2: the outcome of the reception, entered in its card. */
export const CARD_OUTCOMES = ['answered_orally', 'written_answer', 'no_show'] as const;
export type CardOutcome = (typeof CARD_OUTCOMES)[number];

/** The applicant of a booking: as an appeal's, so a card can register the appeal from it. */
export type ReceptionApplicant = Omit<ApplicantDto, 'type'> & {
  type: 'individual' | 'legal_entity';
};
