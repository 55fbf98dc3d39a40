import { REJECTION_REASONS, notifiesApplicant } from '../../rules/rejection-reasons';
import type { RegistrationDecision } from '../appeal-draft';
import { registrationNotice as sut } from './registration-notice';

const decision = (d: Partial<RegistrationDecision>): RegistrationDecision => ({
  checks: [],
  status: 'registered',
  rejectionReason: null,
  duplicateOf: null,
  ...d,
});

describe('registrationNotice', () => {
  it('acknowledges a registered or reviewed appeal with its due date', () => {
    for (const status of ['registered', 'under_review'] as const) {
      expect(sut(decision({ status }), '2026-05-08')).toEqual({
        kind: 'acknowledgement',
        context: { dueDate: '2026-05-08' },
      });
    }
  });

  it('tells a duplicate which open case it joined', () => {
    const d = decision({
      status: 'duplicate',
      duplicateOf: { id: 'a1', regNumber: '2026-000007', dueDate: '2026-05-08' },
    });
    expect(sut(d, null)).toEqual({
      kind: 'duplicate',
      context: { joinedRegNumber: '2026-000007', joinedDueDate: '2026-05-08' },
    });
  });

  it('sends a rejection notice for each reason the registry says is notified, none otherwise', () => {
    for (const reason of REJECTION_REASONS) {
      const notice = sut(decision({ status: 'rejected', rejectionReason: reason }), null);
      expect(notice).toEqual(
        notifiesApplicant(reason)
          ? { kind: 'rejection', context: { rejectionReason: reason } }
          : null,
      );
    }
    // 59-ФЗ ст. 11 ч. 1: an anonymous appeal has nobody to tell.
    expect(sut(decision({ status: 'rejected', rejectionReason: 'anonymous' }), null)).toBeNull();
  });
});
