import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OPEN_STATUSES } from '../appeals/appeal-status';
import { AppealsService } from '../appeals/appeals.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import { localDateInZone, type LocalDate } from '../common/time/local-date';

interface AlertRow {
  appeal_id: string;
  step: number;
  reg_number: string;
  due_date: string;
  registered_at: Date;
  department_id: string | null;
  assignee_id: string | null;
  days_left: number;
  last_step: boolean;
}

interface StaffRow {
  id: string;
  email: string | null;
}

/**
 * The deadline sweep (SPEC §6): marks overdue appeals, walks the warning ladder and escalates
 * overdue appeals. Each alert is a unique row (appeal, kind, step, due date), inserted with
 * ON CONFLICT DO NOTHING, so it fires once however often and wherever the sweep runs; the job
 * lock makes concurrent runs rare in the first place.
 */
@Injectable()
export class SlaSweepService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly appeals: AppealsService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('sla-sweep', (now) => this.sweep(now));
  }

  sweep(now: Date): Promise<Record<string, number>> {
    const today = localDateInZone(now, this.config.timeZone);
    return this.ds.transaction(async (em) => {
      const overdue = await this.markOverdue(em, now, today);
      const warnings = await this.warn(em, now, today);
      return { ...overdue, ...warnings };
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
         INSERT INTO sla_alerts (appeal_id, kind, step, due_date, created_at)
         SELECT id, 'escalation', 0, due_date, $1 FROM newly
         ON CONFLICT DO NOTHING
         RETURNING appeal_id
       )
       SELECT n.id AS appeal_id, 0 AS step, n.reg_number, n.due_date::text AS due_date, n.registered_at,
              n.department_id, n.assignee_id, 0 AS days_left, true AS last_step
         FROM newly n JOIN alerts a ON a.appeal_id = n.id`,
      [now, OPEN_STATUSES, today],
    );
    let notices = 0;
    const supervisors = await this.staff(em, 'supervisor', null);
    for (const r of rows) {
      await this.appeals.addEvent(em, r.appeal_id, null, {
        type: 'overdue',
        at: now,
        reason: `Срок рассмотрения истёк ${r.due_date}`,
        data: { dueDate: r.due_date },
      });
      // Escalation: the department's heads and every supervisor.
      const recipients = new Map<string, StaffRow>();
      for (const u of [...(await this.staff(em, 'head', r.department_id)), ...supervisors])
        recipients.set(u.id, u);
      for (const u of recipients.values()) {
        if (await this.notify(em, u, r, 'sla_escalation')) notices++;
      }
    }
    return { overdueMarked: rows.length, escalations: rows.length, escalationNotices: notices };
  }

  private async warn(
    em: EntityManager,
    now: Date,
    today: LocalDate,
  ): Promise<Record<string, number>> {
    const maxStep = Math.max(60, ...this.config.slaWarnDaysBefore);
    // Every ladder rung the appeal has reached; several at once (a 3-day term) fire together
    // but notify once, for the most urgent rung.
    const rows: AlertRow[] = await em.query(
      `WITH reached AS (
         SELECT a.id, s.step, a.reg_number, a.due_date, a.registered_at, a.department_id, a.assignee_id,
                (a.due_date - $3::date) AS days_left,
                s.step = (SELECT min(x) FROM unnest(coalesce(p.warn_days_before, $4::int[])) x) AS last_step
           FROM appeals a
           LEFT JOIN sla_policies p ON p.id = a.sla_policy_id
           CROSS JOIN LATERAL unnest(coalesce(p.warn_days_before, $4::int[])) AS s(step)
          WHERE a.status = ANY($2) AND a.due_date >= $3::date AND a.due_date <= $3::date + $5::int
            AND a.due_date - $3::date <= s.step
       ), inserted AS (
         INSERT INTO sla_alerts (appeal_id, kind, step, due_date, created_at)
         SELECT id, 'warning', step, due_date, $1 FROM reached
         ON CONFLICT DO NOTHING
         RETURNING appeal_id, step
       )
       SELECT DISTINCT ON (r.id) r.id AS appeal_id, r.step, r.reg_number, r.due_date::text AS due_date,
              r.registered_at, r.department_id, r.assignee_id, r.days_left, r.last_step
         FROM reached r JOIN inserted i ON i.appeal_id = r.id AND i.step = r.step
        ORDER BY r.id, r.step`,
      [now, OPEN_STATUSES, today, this.config.slaWarnDaysBefore, maxStep],
    );
    let notices = 0;
    for (const r of rows) {
      // "Assignee, then head": the assignee is warned; the head too on the last rung, or
      // instead of the assignee while nobody is assigned.
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
    return { warnings: rows.length, warningNotices: notices };
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
