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
  open_assigned: number;
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
   * waits in the department's queue. The officers' rows are locked for the choice (in id order,
   * so registrations cannot deadlock), and a row read under its lock is the latest committed
   * version: parallel registrations and workflow moves, which update `open_assigned` through the
   * trigger, are seen and the load stays balanced (ADR 0011). One round trip for lock and read.
   */
  async autoAssign(
    em: EntityManager,
    appeal: Appeal,
    opts: { notify: boolean } = { notify: true },
  ): Promise<string | null> {
    if (appeal.status !== 'registered' || !appeal.departmentId || appeal.assigneeId) return null;
    // NO KEY UPDATE: compatible with the KEY SHARE locks of foreign keys to these rows.
    const rows = await em.query<OfficerRow[]>(
      `SELECT id, available, last_assigned_at, open_assigned FROM users
        WHERE active AND 'officer' = ANY(roles) AND department_id = $1
        ORDER BY id
          FOR NO KEY UPDATE`,
      [appeal.departmentId],
    );
    const candidates: OfficerLoad[] = rows.map((r) => ({
      id: r.id,
      available: r.available,
      openAppeals: r.open_assigned,
      lastAssignedAt: r.last_assigned_at,
    }));
    const chosen = pickOfficer(candidates);
    if (!chosen) return null;
    // The candidate is an active officer read under lock: no need to check it again.
    await this.applyAssignment(em, appeal, chosen.id, null, 'Автоматическое распределение');
    if (opts.notify) await this.notifyAssignment(em, appeal, chosen.id);
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
