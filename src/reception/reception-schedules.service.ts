import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { addDays, compareDates, type LocalDate } from '../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CalendarService } from '../sla/calendar.service';
import { ReceptionNotices } from './reception-notices';
import type {
  CreateExceptionDto,
  CreateScheduleDto,
  ExceptionDto,
  ScheduleDto,
  SlotDto,
  SlotsQueryDto,
  UpdateScheduleDto,
} from './reception.dto';
import { ReceptionBooking } from './reception-booking.entity';
import { ReceptionException } from './reception-exception.entity';
import { scheduleDayProblems, schedulesOverlap, topicServed } from './reception-rules';
import { ReceptionSchedule } from './reception-schedule.entity';
import { generateSlots, type Slot } from './slots';

/** The longest period one slots request may ask for: two months. */
const MAX_SLOT_RANGE_DAYS = 62;

export const toScheduleDto = (s: ReceptionSchedule): ScheduleDto => ({
  id: s.id,
  officialId: s.officialId,
  title: s.title,
  location: s.location,
  days: s.days,
  slotMinutes: s.slotMinutes,
  audience: s.audience,
  topicCodes: s.topicCodes,
  validFrom: s.validFrom,
  validTo: s.validTo,
});

/** A slot as the API shows it. */
export function toSlotDto(
  slot: Pick<Slot, 'id' | 'scheduleId' | 'startsAt' | 'endsAt'>,
  schedule: Pick<ReceptionSchedule, 'title' | 'location'>,
  officialName: string,
  free: boolean,
): SlotDto {
  return {
    id: slot.id,
    scheduleId: slot.scheduleId,
    official: { fullName: officialName, title: schedule.title },
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    location: schedule.location,
    free,
  };
}

/** Reception schedules, their exceptions and the slots they give (issue 22, items 1–2). */
@Injectable()
export class ReceptionSchedulesService {
  private readonly logger = new Logger(ReceptionSchedulesService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly notices: ReceptionNotices,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateScheduleDto, ctx: RequestContext): Promise<ScheduleDto> {
    return this.ds.transaction(async (em) => {
      const schedule = em.create(ReceptionSchedule, {
        officialId: dto.officialId,
        title: dto.title.trim(),
        location: dto.location.trim(),
        days: dto.days.map((d) => ({ weekday: d.weekday, from: d.from, to: d.to })),
        slotMinutes: dto.slotMinutes,
        audience: dto.audience,
        topicCodes: dto.topicCodes && dto.topicCodes.length > 0 ? dto.topicCodes : null,
        validFrom: dto.validFrom,
        validTo: dto.validTo ?? null,
      });
      await this.check(em, schedule);
      await em.insert(ReceptionSchedule, schedule);
      await this.audit.record(
        ctx,
        'reception_schedule.create',
        'reception_schedule',
        schedule.id,
        null,
        em,
      );
      return toScheduleDto(schedule);
    });
  }

  async update(id: string, dto: UpdateScheduleDto, ctx: RequestContext): Promise<ScheduleDto> {
    return this.ds.transaction(async (em) => {
      const schedule = await this.getForUpdate(em, id);
      Object.assign(schedule, {
        ...(dto.officialId !== undefined && { officialId: dto.officialId }),
        ...(dto.title !== undefined && { title: dto.title.trim() }),
        ...(dto.location !== undefined && { location: dto.location.trim() }),
        ...(dto.days !== undefined && {
          days: dto.days.map((d) => ({ weekday: d.weekday, from: d.from, to: d.to })),
        }),
        ...(dto.slotMinutes !== undefined && { slotMinutes: dto.slotMinutes }),
        ...(dto.audience !== undefined && { audience: dto.audience }),
        ...(dto.topicCodes !== undefined && {
          topicCodes: dto.topicCodes && dto.topicCodes.length > 0 ? dto.topicCodes : null,
        }),
        ...(dto.validFrom !== undefined && { validFrom: dto.validFrom }),
        ...(dto.validTo !== undefined && { validTo: dto.validTo }),
      });
      await this.check(em, schedule);
      await em.save(ReceptionSchedule, schedule);
      await this.audit.record(ctx, 'reception_schedule.update', 'reception_schedule', id, null, em);
      return toScheduleDto(schedule);
    });
  }

  async list(): Promise<{ items: ScheduleDto[] }> {
    const rows = await this.ds
      .getRepository(ReceptionSchedule)
      .find({ order: { validFrom: 'ASC', id: 'ASC' } });
    return { items: rows.map(toScheduleDto) };
  }

  /**
   * An exception removes the slots of its days; bookings already made on them are cancelled and
   * their applicants told (a cancellation notice through the outbox), in one transaction.
   */
  async addException(
    scheduleId: string,
    dto: CreateExceptionDto,
    ctx: RequestContext,
  ): Promise<ExceptionDto> {
    if (compareDates(dto.from, dto.to) > 0) {
      throw AppError.validation([
        { field: 'to', code: 'BEFORE_FROM', message: 'Окончание не может быть раньше начала' },
      ]);
    }
    return this.ds.transaction(async (em) => {
      const schedule = await this.getForUpdate(em, scheduleId);
      const exception = em.create(ReceptionException, {
        scheduleId,
        fromDate: dto.from,
        toDate: dto.to,
        reason: dto.reason.trim(),
        createdByUserId: ctx.principal.kind === 'user' ? ctx.principal.id : null,
      });
      await em.insert(ReceptionException, exception);
      // The bookings whose local date falls in the exception.
      const hit = await em
        .createQueryBuilder(ReceptionBooking, 'b')
        .setLock('pessimistic_write')
        .where('b.scheduleId = :scheduleId', { scheduleId })
        .andWhere(`b.status = 'booked'`)
        .andWhere(`(b.startsAt AT TIME ZONE :tz)::date BETWEEN :from AND :to`, {
          tz: this.config.timeZone,
          from: dto.from,
          to: dto.to,
        })
        .getMany();
      for (const booking of hit) {
        await this.notices.cancel(em, booking, schedule, dto.reason.trim(), this.clock.now());
      }
      await this.audit.record(
        ctx,
        'reception_schedule.exception',
        'reception_schedule',
        scheduleId,
        { from: dto.from, to: dto.to, cancelledBookings: hit.length },
        em,
      );
      this.logger.log({ scheduleId, cancelledBookings: hit.length }, 'Reception exception added');
      return {
        id: exception.id,
        scheduleId,
        from: dto.from,
        to: dto.to,
        reason: exception.reason,
        cancelledBookings: hit.length,
      };
    });
  }

  /** Free and taken slots from now on, of one schedule or all, on one topic or any. */
  async slots(q: SlotsQueryDto): Promise<{ items: SlotDto[] }> {
    if (compareDates(q.from, q.to) > 0) {
      throw AppError.validation([
        { field: 'to', code: 'BEFORE_FROM', message: 'Окончание не может быть раньше начала' },
      ]);
    }
    if (compareDates(addDays(q.from, MAX_SLOT_RANGE_DAYS), q.to) < 0) {
      throw AppError.validation([
        { field: 'to', code: 'RANGE_TOO_LONG', message: 'Не более 62 дней за один запрос' },
      ]);
    }
    const qb = this.ds
      .getRepository(ReceptionSchedule)
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.official', 'u')
      .where('s.validFrom <= :to AND (s.validTo IS NULL OR s.validTo >= :from)', q);
    if (q.scheduleId) qb.andWhere('s.id = :id', { id: q.scheduleId });
    const schedules = (await qb.getMany()).filter(
      (s) => !q.topicCode || topicServed(s.topicCodes, q.topicCode),
    );
    const now = this.clock.now();
    const items: SlotDto[] = [];
    for (const s of schedules) {
      const slots = await this.slotsOf(this.ds.manager, s, q.from, q.to);
      const taken = await this.takenStarts(s.id, slots);
      for (const slot of slots) {
        if (slot.startsAt <= now) continue;
        items.push(
          toSlotDto(slot, s, s.official?.fullName ?? '', !taken.has(slot.startsAt.getTime())),
        );
      }
    }
    items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
    return { items };
  }

  /** The slots of a schedule on local dates from `from` to `to`, exceptions removed. */
  async slotsOf(
    em: EntityManager,
    schedule: ReceptionSchedule,
    from: LocalDate,
    to: LocalDate,
  ): Promise<Slot[]> {
    const exceptions = await em.find(ReceptionException, { where: { scheduleId: schedule.id } });
    return generateSlots(
      schedule,
      { from, to },
      await this.calendar.getCalendar(),
      exceptions.map((e) => ({ from: e.fromDate, to: e.toDate })),
      this.config.timeZone,
    );
  }

  async get(em: EntityManager, id: string): Promise<ReceptionSchedule> {
    const s = await em.findOne(ReceptionSchedule, { where: { id }, relations: { official: true } });
    if (!s) throw new AppError(ErrorCode.SCHEDULE_NOT_FOUND);
    return s;
  }

  private async getForUpdate(em: EntityManager, id: string): Promise<ReceptionSchedule> {
    const s = await em.findOne(ReceptionSchedule, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!s) throw new AppError(ErrorCode.SCHEDULE_NOT_FOUND);
    return s;
  }

  private async takenStarts(scheduleId: string, slots: Slot[]): Promise<Set<number>> {
    if (slots.length === 0) return new Set();
    const rows = await this.ds.query<{ starts_at: Date }[]>(
      `SELECT starts_at FROM reception_bookings
        WHERE schedule_id = $1 AND status <> 'cancelled' AND starts_at BETWEEN $2 AND $3`,
      [scheduleId, slots[0].startsAt, slots[slots.length - 1].startsAt],
    );
    return new Set(rows.map((r) => new Date(r.starts_at).getTime()));
  }

  /**
   * The schedule's own hours, the official (an active user), and no other schedule of the same
   * official that overlaps it (checked under a lock on the official's row, so two concurrent
   * creations cannot both pass).
   */
  private async check(em: EntityManager, schedule: ReceptionSchedule): Promise<void> {
    const problems = scheduleDayProblems(schedule.days, schedule.slotMinutes);
    if (schedule.validTo !== null && compareDates(schedule.validFrom, schedule.validTo) > 0) {
      problems.push({
        field: 'validTo',
        code: 'BEFORE_FROM',
        message: 'Окончание действия не может быть раньше начала',
      });
    }
    const official = await em.query<{ id: string }[]>(
      `SELECT id FROM users WHERE id = $1 AND active FOR UPDATE`,
      [schedule.officialId],
    );
    if (official.length === 0) {
      problems.push({
        field: 'officialId',
        code: 'UNKNOWN_USER',
        message: 'Нет такого действующего сотрудника',
      });
    }
    if (problems.length > 0) throw AppError.validation(problems);
    const others = await em
      .createQueryBuilder(ReceptionSchedule, 's')
      .where('s.officialId = :officialId', { officialId: schedule.officialId })
      .andWhere(schedule.id ? 's.id <> :id' : 'TRUE', { id: schedule.id })
      .getMany();
    const clash = others.find((o) => schedulesOverlap(o, schedule));
    if (clash) {
      throw new AppError(
        ErrorCode.SCHEDULE_OVERLAP,
        `График пересекается с графиком ${clash.id} того же должностного лица`,
        [{ field: 'days', code: 'OVERLAPS', message: 'Пересекается с другим графиком приёма' }],
        { scheduleId: clash.id },
      );
    }
  }
}
