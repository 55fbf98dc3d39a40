import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Appeal } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { managesDepartment, type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { Clock } from '../common/time/clock';
import { NotificationsService } from '../notifications/notifications.service';
import { PICK_OFFICER_SQL, staffRowsSql } from './officer-pick.sql';

/** The history's reason for an assignment nobody chose by hand. */
export const AUTO_ASSIGNMENT_REASON = 'Автоматическое распределение';

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
    await this.applyAssignment(em, appeal, routing.assigneeId, null, AUTO_ASSIGNMENT_REASON);
    await this.notifyAssignment(em, appeal, routing.assigneeId, routing.recipients);
    return routing.assigneeId;
  }

  private routable(appeal: Appeal): appeal is Appeal & { departmentId: string } {
    return appeal.status === 'registered' && !!appeal.departmentId && !appeal.assigneeId;
  }

  /**
   * The choice over the department's staff rows locked in id order (so registrations cannot
   * deadlock): a row read under its lock is its latest committed version, so parallel
   * registrations and workflow moves — which update `open_assigned` through the trigger — are
   * seen and the load stays balanced (ADR 0011). Lock, read and choice are one round trip; the
   * heads come along for the notices.
   */
  private async choose(em: EntityManager, appeal: Appeal): Promise<Routing | null> {
    if (!this.routable(appeal)) return null;
    const rows = await em.query<(StaffRow & { picked: boolean })[]>(
      `WITH staff AS MATERIALIZED (${staffRowsSql('$1')} ORDER BY id FOR NO KEY UPDATE),
            pick AS (${PICK_OFFICER_SQL})
       SELECT staff.*, staff.id = (SELECT id FROM pick) AS picked FROM staff`,
      [appeal.departmentId],
    );
    const chosen = rows.find((r) => r.picked);
    if (!chosen) return null;
    return {
      assigneeId: chosen.id,
      recipients: rows
        .filter((r) => r.picked || r.roles.includes('head'))
        .map((r) => ({ id: r.id, email: r.email })),
    };
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
