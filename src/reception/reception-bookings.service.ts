import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  IdempotencyService,
  idempotencyScope,
  type IdempotencyRequest,
} from '../appeals/registration/idempotency';
import type { IncomingFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { hasRole } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { validateBody } from '../common/http/validation';
import { sha256Hex, stableStringify } from '../common/stable-json';
import { Clock } from '../common/time/clock';
import { localDateInZone } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LockId } from '../database/lock-ids';
import { isUniqueViolationError } from '../database/pg-errors';
import { checkIdempotencyKey, IntakeService } from '../intake/intake.service';
import { JobsService } from '../jobs/jobs.service';
import { CalendarService } from '../sla/calendar.service';
import { ReceptionNotices, localTime } from './reception-notices';
import {
  CreateBookingDto,
  type BookingDto,
  type ReceptionApplicant,
  type ReceptionCardDto,
} from './reception.dto';
import { ReceptionBooking } from './reception-booking.entity';
import {
  activeBookingLimitReached,
  applicantKeys,
  applicantNameProblems,
  audienceAdmits,
  cardProblems,
  contactProblems,
  reminderDue,
  topicServed,
} from './reception-rules';
import { ReceptionSchedulesService, toSlotDto } from './reception-schedules.service';
import type { ReceptionSchedule } from './reception-schedule.entity';
import { parseSlotId, slotIdOf } from './slots';

/** The channels an integration client books on (issue 22): the site and the personal account. */
const BOOKING_CHANNELS = ['web', 'personal_account'];
/** Reminders are looked for this far ahead: the longest run of days off (New Year) is shorter. */
const REMINDER_HORIZON_DAYS = 14;

export interface BookingResult {
  statusCode: number;
  body: BookingDto;
  replayed: boolean;
  raw?: string;
}

const bookingNumber = (year: number, seq: number): string =>
  `П-${year}-${String(seq).padStart(6, '0')}`;

/** Bookings of a personal reception, their cards and reminders (issue 22, items 2–3). */
@Injectable()
export class ReceptionBookingsService {
  private readonly logger = new Logger(ReceptionBookingsService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly schedules: ReceptionSchedulesService,
    private readonly notices: ReceptionNotices,
    private readonly idempotency: IdempotencyService,
    private readonly intake: IntakeService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    jobs: JobsService,
  ) {
    jobs.register('reception-reminders', (now) => this.sendReminders(now));
  }

  async book(
    raw: unknown,
    files: IncomingFile[],
    ctx: RequestContext,
    idempotencyKey: string | undefined,
  ): Promise<BookingResult> {
    const scope = idempotencyScope(ctx.principal, 'reception');
    const idem: IdempotencyRequest | null = idempotencyKey
      ? {
          key: checkIdempotencyKey(idempotencyKey),
          requestHash: sha256Hex(
            stableStringify({
              body: raw,
              files: files.map((f) => [f.originalname, f.sha256 ?? sha256Hex(f.buffer)]),
            }),
          ),
        }
      : null;
    if (idem) {
      // A retry gets the first answer before any other check, as for appeals (SPEC §14).
      const prior = await this.idempotency.findIn<BookingDto>(scope, idem);
      if (prior) return prior;
    }
    const { value: dto, errors } = await validateBody(CreateBookingDto, raw);
    if (errors.length > 0) throw AppError.validation(errors);
    const p = ctx.principal;
    if (p.kind === 'client' && !p.channels.some((c) => BOOKING_CHANNELS.includes(c))) {
      throw new AppError(
        ErrorCode.CHANNEL_NOT_ALLOWED,
        'Записывать на приём могут клиенты каналов web и personal_account',
      );
    }
    const applicant: ReceptionApplicant = {
      ...dto.applicant,
      type: dto.applicant.type ?? 'individual',
    };
    const problems = [...applicantNameProblems(applicant), ...contactProblems(applicant)];
    const topic = await this.ds.query<{ code: string }[]>(
      'SELECT code FROM topics WHERE code = $1',
      [dto.topicCode],
    );
    if (topic.length === 0) {
      problems.push({ field: 'topicCode', code: 'UNKNOWN_TOPIC', message: 'Нет такой тематики' });
    }
    if (problems.length > 0) throw AppError.validation(problems);

    const parsed = parseSlotId(dto.slotId);
    if (!parsed) throw new AppError(ErrorCode.SLOT_NOT_FOUND);
    const schedule = await this.schedules.get(this.ds.manager, parsed.scheduleId).catch(() => {
      throw new AppError(ErrorCode.SLOT_NOT_FOUND);
    });
    const now = this.clock.now();
    if (parsed.startsAt.getTime() <= now.getTime()) throw new AppError(ErrorCode.SLOT_IN_PAST);
    const day = localDateInZone(parsed.startsAt, this.config.timeZone);
    const slot = (await this.schedules.slotsOf(this.ds.manager, schedule, day, day)).find(
      (s) => s.startsAt.getTime() === parsed.startsAt.getTime(),
    );
    if (!slot) throw new AppError(ErrorCode.SLOT_NOT_FOUND);
    if (!audienceAdmits(schedule.audience, applicant.type)) {
      throw new AppError(ErrorCode.SLOT_AUDIENCE_MISMATCH);
    }
    if (!topicServed(schedule.topicCodes, dto.topicCode)) {
      throw new AppError(ErrorCode.SLOT_TOPIC_MISMATCH);
    }
    const keys = applicantKeys(applicant);

    try {
      return await this.ds.transaction(async (em) => {
        // One applicant's bookings one at a time, so two parallel requests cannot both pass the limit.
        for (const key of [...keys].sort()) {
          await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
            LockId.receptionApplicant,
            key,
          ]);
        }
        const [{ active }] = await em.query<{ active: number }[]>(
          `SELECT count(*)::int AS active FROM reception_bookings
            WHERE status = 'booked' AND starts_at > $1 AND applicant_keys && $2::text[]`,
          [now, keys],
        );
        if (activeBookingLimitReached(active, this.config.reception.maxActiveBookings)) {
          throw new AppError(
            ErrorCode.BOOKING_LIMIT_EXCEEDED,
            `Не более ${this.config.reception.maxActiveBookings} активных записей на приём одного заявителя`,
          );
        }
        const year = Number(localDateInZone(now, this.config.timeZone).slice(0, 4));
        const [{ last }] = await em.query<{ last: number }[]>(
          `INSERT INTO reception_counters (year, last) VALUES ($1, 1)
           ON CONFLICT (year) DO UPDATE SET last = reception_counters.last + 1 RETURNING last`,
          [year],
        );
        const booking = em.create(ReceptionBooking, {
          number: bookingNumber(year, last),
          scheduleId: schedule.id,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          status: 'booked',
          applicant: JSON.parse(JSON.stringify(applicant)) as ReceptionApplicant,
          applicantKeys: keys,
          topicCode: dto.topicCode,
          question: dto.question.trim(),
          createdByUserId: p.kind === 'user' ? p.id : null,
          createdByApiKeyId: p.kind === 'client' ? p.apiKeyId : null,
          createdAt: now,
        });
        // The slot's partial unique index decides a race: the loser's INSERT fails (SLOT_TAKEN).
        await em.insert(ReceptionBooking, booking);
        const attachmentIds = await this.linkFiles(em, booking.id, files);
        await this.notices.send(em, 'reception_booked', booking, schedule);
        await this.audit.record(
          ctx,
          'reception_booking.create',
          'reception_booking',
          booking.id,
          null,
          em,
        );
        const body = this.toDto(booking, schedule, attachmentIds);
        if (idem) {
          await em.query(
            `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response)
             VALUES ($1, $2, $3, 201, $4::json)`,
            [scope, idem.key, idem.requestHash, JSON.stringify(body)],
          );
        }
        this.logger.log({ bookingId: booking.id, scheduleId: schedule.id }, 'Reception booked');
        return { statusCode: 201, body, replayed: false };
      });
    } catch (e) {
      if (isUniqueViolationError(e)) {
        if (idem) {
          // The same key raced itself: the winner's answer is the answer.
          const prior = await this.idempotency.findIn<BookingDto>(scope, idem);
          if (prior) return prior;
        }
        throw new AppError(ErrorCode.SLOT_TAKEN);
      }
      throw e;
    }
  }

  async get(id: string, ctx: RequestContext): Promise<BookingDto> {
    const { booking, schedule } = await this.load(this.ds.manager, id, ctx, false);
    return this.toDto(booking, schedule, await this.fileIds(this.ds.manager, id));
  }

  /** By the client that made it, or by staff; the applicant is told (a cancellation notice). */
  async cancel(id: string, reason: string | undefined, ctx: RequestContext): Promise<BookingDto> {
    return this.ds.transaction(async (em) => {
      const { booking, schedule } = await this.load(em, id, ctx, true);
      if (booking.status !== 'booked') throw new AppError(ErrorCode.BOOKING_NOT_ACTIVE);
      await this.notices.cancel(em, booking, schedule, reason?.trim() || null, this.clock.now());
      await this.audit.record(ctx, 'reception_booking.cancel', 'reception_booking', id, null, em);
      return this.toDto(booking, schedule, await this.fileIds(em, id));
    });
  }

  /**
   * The reception card (59-ФЗ ст. 13 ч. 2): the content of the oral appeal and the outcome. An
   * oral answer with the applicant's consent, or a no-show, closes the booking; a written answer
   * registers an appeal on the channel `reception` through the ordinary path (number, rules,
   * deadline, routing), linked both ways, with the card in the appeal's history.
   */
  async recordCard(
    id: string,
    dto: ReceptionCardDto,
    ctx: RequestContext,
  ): Promise<BookingDto & { appealId: string | null }> {
    const now = this.clock.now();
    const summary = dto.summary.trim();
    if (dto.outcome !== 'written_answer') {
      return this.ds.transaction(async (em) => {
        const { booking, schedule } = await this.load(em, id, ctx, true);
        this.assertCardable(booking, now);
        Object.assign(booking, this.cardFields(dto.outcome, summary, now, ctx, null));
        await em.update(
          ReceptionBooking,
          { id },
          this.cardFields(dto.outcome, summary, now, ctx, null),
        );
        await this.audit.record(
          ctx,
          'reception_booking.card',
          'reception_booking',
          id,
          { outcome: dto.outcome },
          em,
        );
        return this.toDto(booking, schedule, await this.fileIds(em, id));
      });
    }
    const { booking, schedule } = await this.load(this.ds.manager, id, ctx, false);
    this.assertCardable(booking, now);
    const when = `${localDateInZone(booking.startsAt, this.config.timeZone).split('-').reverse().join('.')} ${localTime(booking.startsAt, this.config.timeZone)}`;
    const official = schedule.official?.fullName ?? '';
    const { type, ...applicant } = booking.applicant;
    const result = await this.intake.register(
      {
        channel: 'reception',
        kind: 'statement',
        applicant: { type, ...applicant },
        topicCode: booking.topicCode,
        subject: `Личный приём № ${booking.number}`,
        text:
          `Устное обращение на личном приёме ${when} (${schedule.title} ${official}).\n` +
          `Вопрос при записи: ${booking.question}\n\n` +
          `Содержание устного обращения (карточка личного приёма): ${summary}`,
        receivedAt: booking.startsAt.toISOString(),
        externalRefs: { receptionBookingId: booking.id, receptionBookingNumber: booking.number },
      },
      [],
      ctx,
      undefined,
      async (em, appeal) => {
        // In the registering transaction: the booking closes only if it is still booked.
        const res = await em
          .createQueryBuilder()
          .update(ReceptionBooking)
          .set(this.cardFields('written_answer', summary, now, ctx, appeal.id))
          .where(`id = :id AND status = 'booked'`, { id })
          .execute();
        if (res.affected !== 1) throw new AppError(ErrorCode.BOOKING_NOT_ACTIVE);
        await em.query(
          `INSERT INTO appeal_events (appeal_id, at, type, actor_user_id, actor_api_key_id, reason, data)
           VALUES ($1, $2, 'reception_card', $3, NULL, $4, $5::jsonb)`,
          [
            appeal.id,
            now,
            ctx.principal.kind === 'user' ? ctx.principal.id : null,
            summary,
            JSON.stringify({
              bookingId: booking.id,
              bookingNumber: booking.number,
              outcome: 'written_answer',
            }),
          ],
        );
        // The applicant's files sent with the booking become the appeal's (ч. 3: handled as usual).
        await em.query(
          `UPDATE attachments SET appeal_id = $1 WHERE reception_booking_id = $2 AND appeal_id IS NULL`,
          [appeal.id, booking.id],
        );
      },
    );
    Object.assign(booking, this.cardFields('written_answer', summary, now, ctx, result.body.id));
    return this.toDto(booking, schedule, await this.fileIds(this.ds.manager, id));
  }

  /**
   * The `reception-reminders` job: a reminder one working day before each booked reception,
   * exactly once (the row is claimed and stamped in the transaction that writes the notice; the
   * job runs on one instance at a time under its lock).
   */
  async sendReminders(now: Date): Promise<Record<string, number>> {
    const calendar = await this.calendar.getCalendar();
    const today = localDateInZone(now, this.config.timeZone);
    return this.ds.transaction(async (em) => {
      const due = await em
        .createQueryBuilder(ReceptionBooking, 'b')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(`b.status = 'booked' AND b.reminderSentAt IS NULL`)
        .andWhere('b.startsAt > :now AND b.startsAt < :horizon', {
          now,
          horizon: new Date(now.getTime() + REMINDER_HORIZON_DAYS * 86_400_000),
        })
        .getMany();
      let reminded = 0;
      let sent = 0;
      for (const b of due) {
        const day = localDateInZone(b.startsAt, this.config.timeZone);
        if (!reminderDue(day, today, calendar)) continue;
        const schedule = await this.schedules.get(em, b.scheduleId);
        await em.update(ReceptionBooking, { id: b.id }, { reminderSentAt: now });
        if (await this.notices.send(em, 'reception_reminder', b, schedule)) sent++;
        reminded++;
      }
      return { reminded, sent };
    });
  }

  private assertCardable(booking: ReceptionBooking, now: Date): void {
    if (booking.status !== 'booked') throw new AppError(ErrorCode.BOOKING_NOT_ACTIVE);
    const problems = cardProblems(booking.startsAt, now);
    if (problems.length > 0) throw AppError.validation(problems);
  }

  private cardFields(
    outcome: ReceptionCardDto['outcome'],
    summary: string,
    now: Date,
    ctx: RequestContext,
    appealId: string | null,
  ): Partial<ReceptionBooking> {
    return {
      status: 'completed',
      outcome,
      summary,
      cardRecordedAt: now,
      cardRecordedByUserId: ctx.principal.kind === 'user' ? ctx.principal.id : null,
      appealId,
    };
  }

  /** A booking the caller may see: a key only its own (404 otherwise, as for appeals). */
  private async load(
    em: EntityManager,
    id: string,
    ctx: RequestContext,
    forUpdate: boolean,
  ): Promise<{ booking: ReceptionBooking; schedule: ReceptionSchedule }> {
    const booking = await em.findOne(ReceptionBooking, {
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const p = ctx.principal;
    const visible =
      booking !== null &&
      (p.kind === 'client'
        ? booking.createdByApiKeyId === p.apiKeyId
        : hasRole(p, 'admin', 'supervisor', 'head', 'clerk'));
    if (!booking || !visible) throw new AppError(ErrorCode.BOOKING_NOT_FOUND);
    return { booking, schedule: await this.schedules.get(em, booking.scheduleId) };
  }

  private async linkFiles(
    em: EntityManager,
    bookingId: string,
    files: IncomingFile[],
  ): Promise<string[]> {
    const staged = files.map((f) => f.stagingId).filter((x): x is string => typeof x === 'string');
    if (staged.length === 0) return [];
    await em.query(
      `UPDATE attachments SET status = 'stored', reception_booking_id = $1
        WHERE id = ANY($2) AND status = 'staging'`,
      [bookingId, staged],
    );
    return staged;
  }

  private async fileIds(em: EntityManager, bookingId: string): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM attachments WHERE reception_booking_id = $1 AND status = 'stored' ORDER BY created_at, id`,
      [bookingId],
    );
    return rows.map((r) => r.id);
  }

  private toDto(b: ReceptionBooking, s: ReceptionSchedule, attachmentIds: string[]): BookingDto {
    return {
      id: b.id,
      number: b.number,
      status: b.status,
      slot: toSlotDto(
        {
          id: slotIdOf(b.scheduleId, b.startsAt),
          scheduleId: b.scheduleId,
          startsAt: b.startsAt,
          endsAt: b.endsAt,
        },
        s,
        s.official?.fullName ?? '',
        false,
      ),
      applicant: b.applicant,
      topicCode: b.topicCode,
      question: b.question,
      createdAt: b.createdAt.toISOString(),
      cancelledAt: b.cancelledAt ? b.cancelledAt.toISOString() : null,
      cancelReason: b.cancelReason,
      outcome: b.outcome,
      summary: b.summary,
      appealId: b.appealId,
      attachmentIds,
    };
  }
}
