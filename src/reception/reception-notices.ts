import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { localDateInZone } from '../common/time/local-date';
import { NotificationsService } from '../notifications/notifications.service';
import { ReceptionBooking } from './reception-booking.entity';
import type { ReceptionSchedule } from './reception-schedule.entity';

type ReceptionNoticeKind = 'reception_booked' | 'reception_reminder' | 'reception_cancelled';

/** «ЧЧ:ММ» of an instant in the organisation's zone. */
export const localTime = (at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('ru-RU', { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);

/**
 * A booking's notices to the applicant (issue 22): confirmation, reminder, cancellation, in the
 * caller's transaction through the outbox. By e-mail to the address the applicant left; a booking
 * made with a phone only (by a clerk, on the telephone) gets none — the clerk told them.
 */
@Injectable()
export class ReceptionNotices {
  constructor(
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(
    em: EntityManager,
    kind: ReceptionNoticeKind,
    booking: ReceptionBooking,
    schedule: Pick<ReceptionSchedule, 'officialId' | 'title' | 'location'>,
    comment: string | null = null,
  ): Promise<boolean> {
    const email = booking.applicant.email?.trim();
    if (!email) return false;
    const [official] = await em.query<{ full_name: string }[]>(
      'SELECT full_name FROM users WHERE id = $1',
      [schedule.officialId],
    );
    const a = booking.applicant;
    const name =
      a.type === 'legal_entity'
        ? (a.contactPerson ?? a.organizationName ?? null)
        : [a.firstName, a.middleName].filter(Boolean).join(' ') || (a.lastName ?? null);
    await this.notifications.enqueueReception(em, booking.id, kind, email, {
      regNumber: booking.number,
      registeredOn: localDateInZone(booking.createdAt, this.config.timeZone),
      applicantName: name,
      comment,
      reception: {
        date: localDateInZone(booking.startsAt, this.config.timeZone),
        time: localTime(booking.startsAt, this.config.timeZone),
        officialTitle: schedule.title,
        officialName: official?.full_name ?? '',
        location: schedule.location,
      },
    });
    return true;
  }

  /** Cancels a booked booking and tells the applicant, in the caller's transaction. */
  async cancel(
    em: EntityManager,
    booking: ReceptionBooking,
    schedule: Pick<ReceptionSchedule, 'officialId' | 'title' | 'location'>,
    reason: string | null,
    now: Date,
  ): Promise<void> {
    booking.status = 'cancelled';
    booking.cancelledAt = now;
    booking.cancelReason = reason;
    await em.update(
      ReceptionBooking,
      { id: booking.id },
      { status: 'cancelled', cancelledAt: now, cancelReason: reason },
    );
    await this.send(em, 'reception_cancelled', booking, schedule, reason);
  }
}
