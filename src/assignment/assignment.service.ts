import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Appeal } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { managesDepartment, type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { NotificationsService } from '../notifications/notifications.service';
import { pickOfficer, type OfficerLoad } from './pick-officer.policy';
import type { Binding, WriteBatch } from '../database/write-batch';

const AUTO_REASON = 'Автоматическое распределение';

// The department's active officers and heads. NO KEY UPDATE locks (added by the callers) are
// compatible with the KEY SHARE locks that foreign keys to these rows take.
export const staffSql = (departmentParam: string): string =>
  `SELECT id, email, roles, available, last_assigned_at, open_assigned FROM users
    WHERE active AND department_id = ${departmentParam}
      AND ('officer' = ANY(roles) OR 'head' = ANY(roles))`;

/**
 * pickOfficer() in SQL over the staff rows of CTE `s`, for the registration's final statement:
 * the available officer with the fewest open appeals, then assigned least recently (never
 * first), then by id (uuid order is the order of its text). test/assignment-sql.e2e-spec.ts
 * checks the two agree.
 */
export const PICK_OFFICER_SQL = `SELECT id FROM s WHERE available AND 'officer' = ANY(roles)
  ORDER BY open_assigned, last_assigned_at NULLS FIRST, id LIMIT 1`;

/** pickOfficer (the pure policy) over the staff rows; the heads are told too. */
function decide(rows: StaffRow[]): Routing | null {
  const candidates: OfficerLoad[] = rows
    .filter((r) => r.roles.includes('officer'))
    .map((r) => ({
      id: r.id,
      available: r.available,
      openAppeals: r.open_assigned,
      lastAssignedAt: r.last_assigned_at,
    }));
  const chosen = pickOfficer(candidates);
  if (!chosen) return null;
  return {
    assigneeId: chosen.id,
    recipients: rows
      .filter((r) => r.id === chosen.id || r.roles.includes('head'))
      .map((r) => ({ id: r.id, email: r.email })),
  };
}

interface StaffRow {
  id: string;
  email: string | null;
  roles: string[];
  available: boolean;
  last_assigned_at: Date | null;
  open_assigned: number;
}

/** Whom a new assignment is told about: the assignee and the department's heads. */
export interface StaffContact {
  id: string;
  email: string | null;
}

/** What the registration's response takes from a choice made inside its final statement. */
export interface InlineRouting {
  /** JSON text (SQL) of the status, the assignee id and the version the appeal gets. */
  status: string;
  assigneeId: string;
  version: string;
  /** The chosen officer's id (SQL, uuid or NULL), for the statement's result. */
  assigneeSql: string;
}

/** A routing decision made under the department's staff row locks. */
export interface Routing {
  assigneeId: string;
  recipients: StaffContact[];
}

/** Routing and assignment (SPEC §7). */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly appeals: AppealsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /**
   * A registered appeal goes to the least loaded available officer of its department, else
   * waits in the department's queue (SPEC §7).
   */
  async autoAssign(em: EntityManager, appeal: Appeal): Promise<string | null> {
    const routing = await this.choose(em, appeal);
    if (!routing) return null;
    await this.applyAssignment(em, appeal, routing.assigneeId, null, AUTO_REASON);
    await this.notifyAssignment(em, appeal, routing.assigneeId, undefined, routing.recipients);
    return routing.assigneeId;
  }

  /**
   * autoAssign() for an appeal being registered, inside the registration's final statement
   * (issue 10: no round trip to this process while the year's counter is held). After the
   * counter's CTE `n` (lock order: counter first, then the staff rows in id order: two
   * registrations never deadlock), the department's staff rows are locked and read as CTE `s`, and `pick` chooses
   * as pickOfficer() does — fewest open appeals, then least recently assigned (never first),
   * then id; test/assignment-sql.e2e-spec.ts compares the two on random staff. The appeal row,
   * its `status_changed` event, `last_assigned_at` and the assignment notices to the officer and
   * the heads are written from `pick`; when nobody is available the appeal stays `registered`
   * with none of them. Returns the JSON SQL of the fields the response takes from the choice,
   * or null when the appeal is not routed.
   */
  routeInline(
    appeal: Appeal,
    row: Record<string, unknown>,
    batch: WriteBatch,
    number: Binding,
    registeredOn: string,
  ): InlineRouting | null {
    if (!this.routable(appeal)) return null;
    const now = this.clock.now();
    batch.prelude({
      name: 's',
      materialized: true,
      sql: `SELECT st.* FROM n, LATERAL (${staffSql('$1')} AND n.seq IS NOT NULL
              ORDER BY id FOR NO KEY UPDATE) st`,
      params: [appeal.departmentId],
    });
    batch.prelude({ name: 'pick', materialized: true, sql: PICK_OFFICER_SQL, params: [] });
    row.status = () => `coalesce((SELECT 'assigned'::text FROM pick), 'registered')`;
    row.assigneeId = () => '(SELECT id FROM pick)';
    row.version = () => `(${appeal.version} + (SELECT count(*) FROM pick))::int`;
    // After the `registered` event (ins_appeal_events), so the history keeps its order.
    batch.addAfterRows(
      `INSERT INTO appeal_events (appeal_id, type, from_status, to_status, reason, data, at)
       SELECT $1, 'status_changed', 'registered', 'assigned', $2,
              jsonb_build_object('assigneeId', pick.id), $3
         FROM pick WHERE EXISTS (SELECT 1 FROM ins_appeal_events)`,
      [appeal.id, AUTO_REASON, now],
    );
    batch.add('UPDATE users SET last_assigned_at = $1 FROM pick WHERE users.id = pick.id', [now]);
    const notice = this.notifications.renderStaff(appeal, 'assignment', { registeredOn });
    batch.addAfterRows(
      `INSERT INTO notifications (appeal_id, kind, audience, recipient_user_id, channel,
                                  recipient, subject, body, status, attempts, next_attempt_at)
       SELECT $1, 'assignment', 'staff', s.id, 'email', s.email,
              replace($2, $3, ${number.text}), replace($4, $3, ${number.text}), 'pending', 0, $5
         FROM s, pick
        WHERE s.email IS NOT NULL AND (s.id = pick.id OR 'head' = ANY(s.roles))
        ORDER BY s.id`,
      [appeal.id, notice.subject, number.token, notice.body, now],
    );
    return {
      status: `to_jsonb(coalesce((SELECT 'assigned'::text FROM pick), 'registered'))::text`,
      assigneeId: `coalesce(to_jsonb((SELECT id FROM pick))::text, 'null')`,
      version: `(${appeal.version} + (SELECT count(*) FROM pick))::text`,
      assigneeSql: '(SELECT id FROM pick)',
    };
  }

  private routable(appeal: Appeal): appeal is Appeal & { departmentId: string } {
    return appeal.status === 'registered' && !!appeal.departmentId && !appeal.assigneeId;
  }

  /**
   * The choice over the department's staff rows locked in id order (so registrations cannot
   * deadlock): a row read under its lock is its latest committed version, so parallel
   * registrations and workflow moves — which update `open_assigned` through the trigger — are
   * seen and the load stays balanced (ADR 0011). Lock and read are one round trip; the heads
   * come along for the notices.
   */
  private async choose(em: EntityManager, appeal: Appeal): Promise<Routing | null> {
    if (!this.routable(appeal)) return null;
    const rows = await em.query<StaffRow[]>(`${staffSql('$1')} ORDER BY id FOR NO KEY UPDATE`, [
      appeal.departmentId,
    ]);
    return decide(rows);
  }

  /** Assigns (or reassigns) and tells the assignee and the department's heads. */
  async assign(
    em: EntityManager,
    appeal: Appeal,
    assigneeId: string,
    principal: Principal | null,
    reason: string | null,
    notify = true,
  ): Promise<void> {
    const [assignee] = await em.query<
      { id: string; email: string | null; department_id: string | null }[]
    >(
      `SELECT id, email, department_id FROM users
        WHERE id = $1 AND active AND ('officer' = ANY(roles) OR 'head' = ANY(roles))`,
      [assigneeId],
    );
    if (!assignee) {
      throw AppError.validation([
        {
          field: 'assigneeId',
          code: 'NOT_AN_OFFICER',
          message: 'Назначить можно только действующего исполнителя',
        },
      ]);
    }
    await this.applyAssignment(em, appeal, assigneeId, principal, reason);
    if (notify) await this.notifyAssignment(em, appeal, assigneeId);
  }

  private async applyAssignment(
    em: EntityManager,
    appeal: Appeal,
    assigneeId: string,
    principal: Principal | null,
    reason: string | null,
  ): Promise<void> {
    await this.appeals.changeStatus(
      em,
      appeal,
      'assigned',
      principal,
      reason,
      { assigneeId },
      { assigneeId },
    );
    await em.query('UPDATE users SET last_assigned_at = $2 WHERE id = $1', [
      assigneeId,
      this.clock.now(),
    ]);
  }

  /** The assignee and the department's heads hear of a new assignment (SPEC §8). */
  async notifyAssignment(
    em: EntityManager,
    appeal: Appeal,
    assigneeId: string,
    batch?: WriteBatch,
    /** Already read with the routing decision. */
    known?: StaffContact[],
  ): Promise<void> {
    const registeredOn = this.appeals.registeredOn(appeal);
    const recipients =
      known ??
      (await em.query<StaffContact[]>(
        `SELECT id, email FROM users
          WHERE active AND (id = $1 OR ('head' = ANY(roles) AND department_id = $2))`,
        [assigneeId, appeal.departmentId],
      ));
    for (const u of recipients) {
      await this.notifications.enqueueStaff(em, u, appeal, 'assignment', { registeredOn }, batch);
    }
  }

  /** Heads work within their own department; supervisors anywhere (SPEC §1). */
  assertManages(principal: Principal, appeal: Appeal): void {
    if (!managesDepartment(principal, appeal.departmentId)) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'Распоряжаться обращением может руководитель его подразделения',
      );
    }
  }
}
