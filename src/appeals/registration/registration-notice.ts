import type { ApplicantNoticeContext } from '../../notifications/notifications.service';
import type { NotificationKind } from '../../notifications/notification.entity';
import { notifiesApplicant } from '../../rules/rejection-reasons';
import type { RegistrationDecision } from '../appeal-draft';

/**
 * The notice a new appeal's applicant gets (SPEC §8): an acknowledgement with the deadline, the
 * open case a duplicate joined, or the ground for not considering it — none for an anonymous
 * appeal, which has nobody to send it to (59-ФЗ ст. 11 ч. 1).
 */
export function registrationNotice(
  decision: RegistrationDecision,
  dueDate: string | null,
): { kind: NotificationKind; context: ApplicantNoticeContext } | null {
  switch (decision.status) {
    case 'registered':
    case 'under_review':
      return { kind: 'acknowledgement', context: { dueDate } };
    case 'duplicate':
      return {
        kind: 'duplicate',
        context: {
          joinedRegNumber: decision.duplicateOf?.regNumber,
          joinedDueDate: decision.duplicateOf?.dueDate,
        },
      };
    case 'rejected':
      return decision.rejectionReason && notifiesApplicant(decision.rejectionReason)
        ? { kind: 'rejection', context: { rejectionReason: decision.rejectionReason } }
        : null;
    default: {
      const never: never = decision.status;
      throw new Error(`Unknown registration status ${String(never)}`);
    }
  }
}
