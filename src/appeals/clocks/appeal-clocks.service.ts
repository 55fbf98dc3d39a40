import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock';
import { addDays, localDateInZone, type LocalDate } from '../../common/time/local-date';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Appeal } from '../appeal.entity';
import type { AppealStatus, RejectionReason } from '../appeal.enums';
import type { ClockRow } from './clock.dto';
import { clockEffects, ROW_CLOCKS, rowClock, type RowClockName } from './clock.registry';

/** Clocks met by any closing of the appeal (an authority's control: the outcome is reported). */
const MET_BY_CLOSING = ROW_CLOCKS.filter((n) => rowClock(n).metBy === 'any_closing');

/** Running: neither met nor stopped (the partial index idx_appeal_clocks_running). */
const RUNNING = 'met_at IS NULL AND stopped_at IS NULL';

/**
 * The rows of `appeal_clocks` (clock.registry.ts), kept in the caller's transaction: the effects
 * of a status change (AppealsService.changeStatus calls it), a person raising or withdrawing a
 * seven-day clock, an authority's control date. Registration writes its rows in its statement.
 */
@Injectable()
export class AppealClocksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The local date; `late` compares it with due dates. */
  private today(now: Date): LocalDate {
    return localDateInZone(now, this.config.timeZone);
  }

  /** The due date of a seven-day clock of an appeal: counted from its registration date. */
  dueDateOf(name: RowClockName, appeal: Pick<Appeal, 'registeredAt'>): LocalDate | null {
    const days = rowClock(name).days;
    return days === null
      ? null
      : addDays(localDateInZone(appeal.registeredAt, this.config.timeZone), days);
  }

  /** The rows of these appeals, for their DTOs. */
  async rowsFor(em: EntityManager, appealIds: string[]): Promise<Map<string, ClockRow[]>> {
    const out = new Map<string, ClockRow[]>();
    if (appealIds.length === 0) return out;
    const rows = await em.query<(ClockRow & { appealId: string })[]>(
      `SELECT appeal_id AS "appealId", name, due_date::text AS "dueDate", met_at AS "metAt",
              stopped_at AS "stoppedAt", late, due_at AS "dueAt"
         FROM appeal_clocks WHERE appeal_id = ANY($1::uuid[]) ORDER BY id`,
      [appealIds],
    );
    for (const { appealId, ...row } of rows) {
      const list = out.get(appealId) ?? [];
      list.push(row);
      out.set(appealId, list);
    }
    return out;
  }

  /**
   * What moving the appeal to `to` does to its clocks (clockEffects): the decision's clock is
   * met (recorded even if nobody raised it), a closing meets the control date and stops every
   * other running clock, an officer taking the appeal stops the forwarding check a rule started.
   * A clock met or stopped after its due date is late.
   */
  async afterStatusChange(
    em: EntityManager,
    appeal: Pick<Appeal, 'id' | 'registeredAt'>,
    to: AppealStatus,
    reason: RejectionReason | null,
  ): Promise<void> {
    const effects = clockEffects(to, reason);
    const now = this.clock.now();
    const today = this.today(now);
    if (effects.decided) {
      const due = this.dueDateOf(effects.decided, appeal)!;
      await em.query(
        `INSERT INTO appeal_clocks (appeal_id, name, due_date, started_at, met_at, late)
         VALUES ($1, $2, $3::date, $4, $4, $5::date > $3::date)
         ON CONFLICT (appeal_id, name) DO UPDATE
            SET met_at = EXCLUDED.met_at, stopped_at = NULL,
                late = appeal_clocks.late OR $5::date > appeal_clocks.due_date`,
        [appeal.id, effects.decided, due, now, today],
      );
    }
    if (effects.closes) {
      await em.query(
        `UPDATE appeal_clocks
            SET met_at = CASE WHEN name = ANY($3::text[]) THEN $2::timestamptz END,
                stopped_at = CASE WHEN name = ANY($3::text[]) THEN NULL ELSE $2::timestamptz END,
                late = late OR due_date < $4::date
          WHERE appeal_id = $1 AND ${RUNNING}`,
        [appeal.id, now, MET_BY_CLOSING, today],
      );
    } else if (effects.takenIntoWork) {
      await em.query(
        `UPDATE appeal_clocks SET stopped_at = $2, late = late OR due_date < $3::date
          WHERE appeal_id = $1 AND name = 'forwarding' AND started_by IS NULL AND ${RUNNING}`,
        [appeal.id, now, today],
      );
    }
  }

  /**
   * A person starts a seven-day clock (the question of competence, a court decision, an
   * illegible or unclear text is raised). True when it was not running before.
   */
  async raise(
    em: EntityManager,
    appeal: Pick<Appeal, 'id' | 'registeredAt'>,
    name: RowClockName,
    userId: string | null,
  ): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO appeal_clocks (appeal_id, name, due_date, started_at, started_by)
       VALUES ($1, $2, $3::date, $4, $5)
       ON CONFLICT (appeal_id, name) DO UPDATE
          SET stopped_at = NULL, started_at = EXCLUDED.started_at, started_by = EXCLUDED.started_by
        WHERE appeal_clocks.stopped_at IS NOT NULL
       RETURNING id`,
      [appeal.id, name, this.dueDateOf(name, appeal), this.clock.now(), userId],
    );
    return rows.length > 0;
  }

  /** A person decides the clock does not apply. True when it was running. */
  async withdraw(em: EntityManager, appealId: string, name: RowClockName): Promise<boolean> {
    const now = this.clock.now();
    const rows = await em.query<unknown[]>(
      `UPDATE appeal_clocks SET stopped_at = $3, late = late OR due_date < $4::date
        WHERE appeal_id = $1 AND name = $2 AND ${RUNNING}
        RETURNING id`,
      [appealId, name, now, this.today(now)],
    );
    return rows.length > 0;
  }

  /**
   * A clock that runs in hours gets another due time (the inspection time agreed with the
   * consumer, ПП 354 п. 108): running again towards it, warned and escalated afresh — its alerts
   * are cleared —; `late` stays if it had already run past its time. True when it changed.
   */
  async moveDueTime(
    em: EntityManager,
    appealId: string,
    name: RowClockName,
    dueAt: Date,
  ): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO appeal_clocks (appeal_id, name, due_date, due_at, started_at)
       VALUES ($1, $2, $3::date, $4, $5)
       ON CONFLICT (appeal_id, name) DO UPDATE
          SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at, overdue_at = NULL,
              stopped_at = NULL
        WHERE appeal_clocks.met_at IS NULL
       RETURNING id`,
      [appealId, name, localDateInZone(dueAt, this.config.timeZone), dueAt, this.clock.now()],
    );
    if (rows.length > 0) {
      await em.query(`DELETE FROM sla_alerts WHERE appeal_id = $1 AND clock = $2`, [
        appealId,
        name,
      ]);
    }
    return rows.length > 0;
  }

  /**
   * The decision a clock asks for that is not a status (the inspection act, ПП 354 п. 109): met
   * now, late when after its due time (or date). True when it was running.
   */
  async meet(em: EntityManager, appealId: string, name: RowClockName): Promise<boolean> {
    const now = this.clock.now();
    const rows = await em.query<unknown[]>(
      `UPDATE appeal_clocks
          SET met_at = $3,
              late = late OR coalesce(due_at < $3, due_date < $4::date)
        WHERE appeal_id = $1 AND name = $2 AND ${RUNNING}
        RETURNING id`,
      [appealId, name, now, this.today(now)],
    );
    return rows.length > 0;
  }

  /**
   * The authority_control clock follows the control date: a new date starts it afresh (the
   * authority moved its control; warnings start again for the new date), null stops it.
   */
  async setControlDate(
    em: EntityManager,
    appealId: string,
    controlDate: LocalDate | null,
  ): Promise<void> {
    const now = this.clock.now();
    if (controlDate === null) {
      await em.query(
        `UPDATE appeal_clocks SET stopped_at = $2, late = late OR due_date < $3::date
          WHERE appeal_id = $1 AND name = 'authority_control' AND ${RUNNING}`,
        [appealId, now, this.today(now)],
      );
      return;
    }
    await em.query(
      `INSERT INTO appeal_clocks (appeal_id, name, due_date, started_at)
       VALUES ($1, 'authority_control', $2::date, $3)
       ON CONFLICT (appeal_id, name) DO UPDATE
          SET due_date = EXCLUDED.due_date, started_at = EXCLUDED.started_at, stopped_at = NULL,
              met_at = NULL, overdue_at = NULL, late = false
        WHERE appeal_clocks.due_date <> EXCLUDED.due_date OR appeal_clocks.stopped_at IS NOT NULL`,
      [appealId, controlDate, now],
    );
  }
}
