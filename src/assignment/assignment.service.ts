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

interface OfficerRow {
  id: string;
  available: boolean;
  last_assigned_at: Date | null;
  open_appeals: number;
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
   * waits in the department's queue. The department row is locked for the choice, so parallel
   * registrations see each other's assignments and the load stays balanced.
   */
  async autoAssign(
    em: EntityManager,
    appeal: Appeal,
    opts: { notify: boolean } = { notify: true },
  ): Promise<string | null> {
    if (appeal.status !== 'registered' || !appeal.departmentId || appeal.assigneeId) return null;
    // NO KEY UPDATE: serialises assignments in the department without conflicting with the
    // KEY SHARE locks that new appeals' foreign keys take on the same row (that would deadlock).
    await em.query('SELECT id FROM departments WHERE id = $1 FOR NO KEY UPDATE', [
      appeal.departmentId,
    ]);
    const rows = await em.query<OfficerRow[]>(
      `SELECT u.id, u.available, u.last_assigned_at,
              (SELECT count(*) FROM appeals a
                WHERE a.assignee_id = u.id AND a.status IN ('assigned', 'in_progress'))::int AS open_appeals
         FROM users u
        WHERE u.active AND 'officer' = ANY(u.roles) AND u.department_id = $1`,
      [appeal.departmentId],
    );
    const candidates: OfficerLoad[] = rows.map((r) => ({
      id: r.id,
      available: r.available,
      openAppeals: r.open_appeals,
      lastAssignedAt: r.last_assigned_at,
    }));
    const chosen = pickOfficer(candidates);
    if (!chosen) return null;
    await this.assign(em, appeal, chosen.id, null, 'Автоматическое распределение', opts.notify);
    return chosen.id;
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
    const now = this.clock.now();
    await this.appeals.changeStatus(
      em,
      appeal,
      'assigned',
      principal,
      reason,
      { assigneeId },
      { assigneeId },
    );
    await em.query('UPDATE users SET last_assigned_at = $2 WHERE id = $1', [assigneeId, now]);
    if (notify) await this.notifyAssignment(em, appeal, assigneeId);
  }

  /** The assignee and the department's heads hear of a new assignment (SPEC §8). */
  async notifyAssignment(em: EntityManager, appeal: Appeal, assigneeId: string): Promise<void> {
    const registeredOn = this.appeals.registeredOn(appeal);
    const recipients = await em.query<{ id: string; email: string | null }[]>(
      `SELECT id, email FROM users
        WHERE active AND (id = $1 OR ('head' = ANY(roles) AND department_id = $2))`,
      [assigneeId, appeal.departmentId],
    );
    for (const u of recipients) {
      await this.notifications.enqueueStaff(em, u, appeal, 'assignment', { registeredOn });
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
