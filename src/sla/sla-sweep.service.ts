import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OPEN_STATUSES } from '../appeals/appeal-status';
import { AppealsService } from '../appeals/appeals.service';
import { clockLabel, ROW_CLOCKS, rowClock, type ClockName } from '../appeals/clocks/clock.registry';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import { localDateInZone, type LocalDate } from '../common/time/local-date';
import { CalendarService } from './calendar.service';
import { workingDaysAhead } from './working-days';
import { localDateTimeText } from '../quality/quality-report.policy';

interface AlertRow {
  appeal_id: string;
  clock: ClockName;
  step: number;
  reg_number: string;
  due_date: string;
  registered_at: Date;
  department_id: string | null;
  assignee_id: string | null;
  days_left: number;
  last_step: boolean;
  /** The due time of a clock that runs in hours (issue 23); absent or null otherwise. */
  due_at?: Date | null;
}

interface StaffRow {
  id: string;
  email: string | null;
}

/** Ladder rungs go up to 60 working days (policies and config are validated so). */
const MAX_RUNG = 60;

/** Row clocks warned on the appeal's policy ladder (a control date is a term like the main one). */
const POLICY_LADDER_CLOCKS = ROW_CLOCKS.filter((n) => rowClock(n).days === null);

/**
 * The deadline sweep (SPEC §6): for the main term (`answer`) and every other running legal clock
 * (`appeal_clocks`, issue 19) it walks the warning ladder — in working days of the production
 * calendar — and marks and escalates what ran past its date. Each alert is a unique row
 * (appeal, clock, kind, step, due date), inserted with ON CONFLICT DO NOTHING, so it fires once
 * however often and wherever the sweep runs; the job lock makes concurrent runs rare anyway.
 */
@Injectable()
export class SlaSweepService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly appeals: AppealsService,
    private readonly notifications: NotificationsService,
    private readonly calendars: CalendarService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('sla-sweep', (now) => this.sweep(now));
  }

  async sweep(now: Date): Promise<Record<string, number>> {
    const today = localDateInZone(now, this.config.timeZone);
    // ahead[n]: the n-th working day after today; rung n is reached by what is due by then.
    const ahead = workingDaysAhead(await this.calendars.getCalendar(), today, MAX_RUNG);
    return this.ds.transaction(async (em) => {
      const overdue = await this.markOverdue(em, now, today);
      const warnings = await this.warn(em, now, today, ahead);
      const clocksOverdue = await this.markClocksOverdue(em, now, today);
      const clockWarnings = await this.warnClocks(em, now, today, ahead);
      const hourlyWarnings = await this.warnHourlyClocks(em, now, today);
      return { ...overdue, ...warnings, ...clocksOverdue, ...clockWarnings, ...hourlyWarnings };
    });
  }

  private async markOverdue(
    em: EntityManager,
    now: Date,
    today: LocalDate,
  ): Promise<Record<string, number>> {
    const rows: AlertRow[] = await em.query(
      `WITH newly AS (
         UPDATE appeals SET overdue_at = $1
          WHERE status = ANY($2) AND due_date < $3 AND overdue_at IS NULL
          RETURNING id, reg_number, due_date, registered_at, department_id, assignee_id
       ), alerts AS (
         INSERT INTO sla_alerts (appeal_id, clock, kind, step, due_date, created_at)
         SELECT id, 'answer', 'escalation', 0, due_date, $1 FROM newly
         ON CONFLICT DO NOTHING
         RETURNING appeal_id
       )
       SELECT n.id AS appeal_id, 'answer' AS clock, 0 AS step, n.reg_number, n.due_date::text AS due_date,
              n.registered_at, n.department_id, n.assignee_id, 0 AS days_left, true AS last_step
         FROM newly n JOIN alerts a ON a.appeal_id = n.id`,
      [now, OPEN_STATUSES, today],
    );
    const notices = await this.escalate(em, now, rows, (r) => ({
      type: 'overdue',
      reason: `Срок рассмотрения истёк ${r.due_date}`,
      data: { dueDate: r.due_date },
    }));
    return { overdueMarked: rows.length, escalations: rows.length, escalationNotices: notices };
  }

  /** Running clocks past their date: marked late once, a history event, escalated. */
  private async markClocksOverdue(
    em: EntityManager,
    now: Date,
    today: LocalDate,
  ): Promise<Record<string, number>> {
    const rows: AlertRow[] = await em.query(
      `WITH newly AS (
         UPDATE appeal_clocks c SET overdue_at = $1, late = true
           FROM appeals a
          WHERE a.id = c.appeal_id AND c.met_at IS NULL AND c.stopped_at IS NULL
            -- A clock that runs in hours (the inspection, issue 23) is overdue once its time passed.
            AND c.due_date <= $3::date AND (c.due_date < $3::date OR c.due_at <= $1)
            AND c.overdue_at IS NULL AND a.status = ANY($2)
          RETURNING c.appeal_id, c.name, c.due_date, c.due_at, a.reg_number, a.registered_at,
                    a.department_id, a.assignee_id
       ), alerts AS (
         INSERT INTO sla_alerts (appeal_id, clock, kind, step, due_date, created_at)
         SELECT appeal_id, name, 'escalation', 0, due_date, $1 FROM newly
         ON CONFLICT DO NOTHING
         RETURNING appeal_id, clock
       )
       SELECT n.appeal_id, n.name AS clock, 0 AS step, n.reg_number, n.due_date::text AS due_date,
              n.due_at, n.registered_at, n.department_id, n.assignee_id, 0 AS days_left,
              true AS last_step
         FROM newly n JOIN alerts x ON x.appeal_id = n.appeal_id AND x.clock = n.name
        ORDER BY n.appeal_id, n.name`,
      [now, OPEN_STATUSES, today],
    );
    const notices = await this.escalate(em, now, rows, (r) => ({
      type: 'clock_overdue',
      reason: `Истёк срок «${clockLabel(r.clock)}» (${r.due_date})`,
      data: { clock: r.clock, dueDate: r.due_date },
    }));
    return { clocksOverdue: rows.length, clockEscalationNotices: notices };
  }

  /** History and the escalation to the department's heads and every supervisor. */
  private async escalate(
    em: EntityManager,
    now: Date,
    rows: AlertRow[],
    event: (r: AlertRow) => { type: string; reason: string; data: Record<string, unknown> },
  ): Promise<number> {
    let notices = 0;
    if (rows.length === 0) return notices;
    const supervisors = await this.staff(em, 'supervisor', null);
    for (const r of rows) {
      await this.appeals.addEvent(em, r.appeal_id, null, { ...event(r), at: now });
      const recipients = new Map<string, StaffRow>();
      for (const u of [...(await this.staff(em, 'head', r.department_id)), ...supervisors])
        recipients.set(u.id, u);
      for (const u of recipients.values()) {
        if (await this.notify(em, u, r, 'sla_escalation')) notices++;
      }
    }
    return notices;
  }

  private async warn(
    em: EntityManager,
    now: Date,
    today: LocalDate,
    ahead: LocalDate[],
  ): Promise<Record<string, number>> {
    // Every ladder rung the appeal has reached (due within that many working days); several
    // at once (a 3-day term) fire together but notify once, for the most urgent rung.
    const rows: AlertRow[] = await em.query(
      `WITH reached AS (
         SELECT a.id, s.step, a.reg_number, a.due_date, a.registered_at, a.department_id, a.assignee_id,
                (a.due_date - $3::date) AS days_left,
                s.step = (SELECT min(x) FROM unnest(coalesce(p.warn_days_before, $4::int[])) x) AS last_step
           FROM appeals a
           LEFT JOIN sla_policies p ON p.id = a.sla_policy_id
           CROSS JOIN LATERAL unnest(coalesce(p.warn_days_before, $4::int[])) AS s(step)
          WHERE a.status = ANY($2) AND a.due_date >= $3::date AND a.due_date <= $5::date
            AND a.due_date <= ($6::date[])[s.step + 1]
       ), inserted AS (
         INSERT INTO sla_alerts (appeal_id, clock, kind, step, due_date, created_at)
         SELECT id, 'answer', 'warning', step, due_date, $1 FROM reached
         ON CONFLICT DO NOTHING
         RETURNING appeal_id, step
       )
       SELECT DISTINCT ON (r.id) r.id AS appeal_id, 'answer' AS clock, r.step, r.reg_number,
              r.due_date::text AS due_date, r.registered_at, r.department_id, r.assignee_id,
              r.days_left, r.last_step
         FROM reached r JOIN inserted i ON i.appeal_id = r.id AND i.step = r.step
        ORDER BY r.id, r.step`,
      [now, OPEN_STATUSES, today, this.config.slaWarnDaysBefore, ahead[MAX_RUNG], ahead],
    );
    const notices = await this.warnRecipients(em, rows);
    return { warnings: rows.length, warningNotices: notices };
  }

  /**
   * The ladder of every running clock: the seven-day ones on SLA_CLOCK_WARN_DAYS_BEFORE, a
   * control date on the appeal's policy ladder like the main term.
   */
  private async warnClocks(
    em: EntityManager,
    now: Date,
    today: LocalDate,
    ahead: LocalDate[],
  ): Promise<Record<string, number>> {
    const rows: AlertRow[] = await em.query(
      `WITH clocks AS (
         SELECT c.appeal_id, c.name, c.due_date, a.reg_number, a.registered_at, a.department_id,
                a.assignee_id,
                CASE WHEN c.name = ANY($8::text[]) THEN coalesce(p.warn_days_before, $4::int[])
                     ELSE $7::int[] END AS ladder
           FROM appeal_clocks c
           JOIN appeals a ON a.id = c.appeal_id
           LEFT JOIN sla_policies p ON p.id = a.sla_policy_id
          WHERE c.met_at IS NULL AND c.stopped_at IS NULL AND c.due_at IS NULL
            AND c.due_date >= $3::date AND c.due_date <= $5::date AND a.status = ANY($2)
       ), reached AS (
         SELECT c.*, s.step, (c.due_date - $3::date) AS days_left,
                s.step = (SELECT min(x) FROM unnest(c.ladder) x) AS last_step
           FROM clocks c CROSS JOIN LATERAL unnest(c.ladder) AS s(step)
          WHERE c.due_date <= ($6::date[])[s.step + 1]
       ), inserted AS (
         INSERT INTO sla_alerts (appeal_id, clock, kind, step, due_date, created_at)
         SELECT appeal_id, name, 'warning', step, due_date, $1 FROM reached
         ON CONFLICT DO NOTHING
         RETURNING appeal_id, clock, step
       )
       SELECT DISTINCT ON (r.appeal_id, r.name) r.appeal_id, r.name AS clock, r.step, r.reg_number,
              r.due_date::text AS due_date, r.registered_at, r.department_id, r.assignee_id,
              r.days_left, r.last_step
         FROM reached r
         JOIN inserted i ON i.appeal_id = r.appeal_id AND i.clock = r.name AND i.step = r.step
        ORDER BY r.appeal_id, r.name, r.step`,
      [
        now,
        OPEN_STATUSES,
        today,
        this.config.slaWarnDaysBefore,
        ahead[MAX_RUNG],
        ahead,
        this.config.slaClockWarnDaysBefore,
        POLICY_LADDER_CLOCKS,
      ],
    );
    const notices = await this.warnRecipients(em, rows);
    return { clockWarnings: rows.length, clockWarningNotices: notices };
  }

  /**
   * The clocks that run in hours (the inspection of a quality report, ПП 354 п. 108; issue 23):
   * one warning QUALITY_INSPECTION_WARN_MINUTES before the due time, to the assignee and the
   * department's heads at once (there is no ladder in two hours). Once per due time: an agreed
   * new time clears the clock's alerts (QualityService.agreeInspectionTime).
   */
  private async warnHourlyClocks(
    em: EntityManager,
    now: Date,
    today: LocalDate,
  ): Promise<Record<string, number>> {
    const rows: AlertRow[] = await em.query(
      `WITH reached AS (
         SELECT c.appeal_id, c.name, c.due_date, c.due_at, a.reg_number, a.registered_at,
                a.department_id, a.assignee_id
           FROM appeal_clocks c
           JOIN appeals a ON a.id = c.appeal_id
          WHERE c.met_at IS NULL AND c.stopped_at IS NULL AND c.due_date >= $3::date
            AND c.due_at > $1 AND c.due_at <= $1 + make_interval(mins => $4::int)
            AND a.status = ANY($2)
       ), inserted AS (
         INSERT INTO sla_alerts (appeal_id, clock, kind, step, due_date, created_at)
         SELECT appeal_id, name, 'warning', 0, due_date, $1 FROM reached
         ON CONFLICT DO NOTHING
         RETURNING appeal_id, clock
       )
       SELECT r.appeal_id, r.name AS clock, 0 AS step, r.reg_number, r.due_date::text AS due_date,
              r.due_at, r.registered_at, r.department_id, r.assignee_id, 0 AS days_left,
              true AS last_step
         FROM reached r JOIN inserted i ON i.appeal_id = r.appeal_id AND i.clock = r.name
        ORDER BY r.appeal_id, r.name`,
      [now, OPEN_STATUSES, today, this.config.quality.inspectionWarnMinutes],
    );
    const notices = await this.warnRecipients(em, rows);
    return { hourlyClockWarnings: rows.length, hourlyClockWarningNotices: notices };
  }

  /**
   * "Assignee, then head": the assignee is warned; the head too on the last rung, or instead of
   * the assignee while nobody is assigned.
   */
  private async warnRecipients(em: EntityManager, rows: AlertRow[]): Promise<number> {
    let notices = 0;
    for (const r of rows) {
      const recipients = new Map<string, StaffRow>();
      if (r.assignee_id) {
        for (const u of await this.users(em, [r.assignee_id])) recipients.set(u.id, u);
      }
      if (!r.assignee_id || r.last_step) {
        for (const u of await this.staff(em, 'head', r.department_id)) recipients.set(u.id, u);
      }
      for (const u of recipients.values()) {
        if (await this.notify(em, u, r, 'sla_warning')) notices++;
      }
    }
    return notices;
  }

  private notify(
    em: EntityManager,
    user: StaffRow,
    r: AlertRow,
    kind: 'sla_warning' | 'sla_escalation',
  ): Promise<boolean> {
    return this.notifications.enqueueStaff(
      em,
      user,
      { id: r.appeal_id, regNumber: r.reg_number, dueDate: r.due_date },
      kind,
      {
        registeredOn: localDateInZone(r.registered_at, this.config.timeZone),
        daysLeft: r.days_left,
        ...(r.clock !== 'answer' ? { clock: r.clock } : {}),
        ...(r.due_at ? { dueAt: localDateTimeText(r.due_at, this.config.timeZone) } : {}),
      },
    );
  }

  private staff(
    em: EntityManager,
    role: 'head' | 'supervisor',
    departmentId: string | null,
  ): Promise<StaffRow[]> {
    if (role === 'head' && !departmentId) return Promise.resolve([]);
    return em.query(
      `SELECT id, email FROM users WHERE active AND $1 = ANY(roles) AND ($2::uuid IS NULL OR department_id = $2)`,
      [role, role === 'head' ? departmentId : null],
    );
  }

  private users(em: EntityManager, ids: string[]): Promise<StaffRow[]> {
    return em.query(`SELECT id, email FROM users WHERE active AND id = ANY($1::uuid[])`, [ids]);
  }
}
