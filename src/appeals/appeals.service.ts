import type { JsonObject } from '../common/json';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AttachmentsService } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import type { Notification } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { seesAllDepartments, type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { Page } from '../common/http/pagination';
import { decodeCursor, encodeCursor } from '../common/http/pagination';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PreparedSelect } from '../database/prepared-select';
import { normalizeAccountNumber, normalizeEmail } from '../common/normalize';
import { toExtensionDto } from '../sla/extension.dto';
import { AppealExtension } from '../sla/extension.entity';
import { type LocalDate, localDateInZone } from '../common/time/local-date';
import { canTransition, OPEN_STATUSES } from './appeal-status';
import { restrictToVisibleAppeals } from './appeal-visibility';
import { AppealEvent } from './appeal-event.entity';
import { Appeal } from './appeal.entity';
import type { AppealStatus, RejectionReason } from './appeal.enums';
import { historyEvent, type HistoryFacts } from './history-event';
import type { ListAppealsQueryDto } from './list-appeals.query';
import { toAppealDto, type AppealDto } from './appeal.dto';

@Injectable()
export class AppealsService {
  /**
   * Whether a loaded appeal has files / extensions, read with it in one statement, so its DTO
   * skips the queries that would find none (GET /appeals/{id}: two round trips fewer, issue 10).
   */
  private readonly details = new WeakMap<Appeal, { files: boolean; extensions: boolean }>();
  private readonly visibleQueries = new Map<string, PreparedSelect<Appeal, VisibleParam>>();
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The API representation, with attachments' metadata and extensions. */
  async toDto(appeal: Appeal): Promise<AppealDto> {
    return (await this.toDtos([appeal]))[0];
  }

  async toDtos(appeals: Appeal[]): Promise<AppealDto[]> {
    const today = this.today();
    // Appeals known to have no files or no extensions (most) cost no query for them.
    const need = (kind: 'files' | 'extensions'): string[] =>
      appeals.filter((a) => this.details.get(a)?.[kind] !== false).map((a) => a.id);
    const fileIds = need('files');
    const extensionIds = need('extensions');
    const [files, extensions] = await Promise.all([
      this.attachments.listForMany(fileIds),
      extensionIds.length === 0
        ? Promise.resolve([] as AppealExtension[])
        : this.ds.getRepository(AppealExtension).find({
            where: { appealId: In(extensionIds) },
            order: { requestedAt: 'ASC' },
          }),
    ]);
    return appeals.map((a) =>
      toAppealDto(
        a,
        today,
        files.get(a.id) ?? [],
        extensions.filter((e) => e.appealId === a.id).map(toExtensionDto),
      ),
    );
  }

  today(): LocalDate {
    return localDateInZone(this.clock.now(), this.config.timeZone);
  }

  /** Loads a visible appeal and locks its row for a state change in the caller's transaction. */
  async getForUpdate(em: EntityManager, id: string, ctx: RequestContext): Promise<Appeal> {
    const qb = em.getRepository(Appeal).createQueryBuilder('a').where('a.id = :id', { id });
    this.restrictToVisible(qb, ctx.principal);
    const appeal = await qb.setLock('pessimistic_write').getOne();
    if (!appeal) throw new AppError(ErrorCode.APPEAL_NOT_FOUND);
    return appeal;
  }

  /** A person's decision not to consider an appeal (SPEC §4): status, reason and history. */
  async reject(
    em: EntityManager,
    appeal: Appeal,
    reason: RejectionReason,
    comment: string | null,
    principal: Principal,
  ): Promise<void> {
    await this.changeStatus(
      em,
      appeal,
      'rejected',
      principal,
      comment ?? reason,
      { rejectionReason: reason },
      {
        rejectionReason: reason,
        rejectionComment: comment,
        rejectionDecidedBy: principal.kind === 'user' ? principal.id : null,
        rejectionDecidedAt: this.clock.now(),
      },
    );
  }

  /** Moves the due date (an approved extension), with history, in the caller's transaction. */
  async setDueDate(
    em: EntityManager,
    appeal: Appeal,
    dueDate: LocalDate,
    principal: Principal | null,
    reason: string,
    data: JsonObject = {},
  ): Promise<void> {
    const previous = appeal.dueDate;
    await this.updateVersioned(em, appeal, { dueDate, overdueAt: null });
    await this.addEvent(em, appeal.id, principal, {
      type: 'due_date_changed',
      at: this.clock.now(),
      reason,
      data: { from: previous, to: dueDate, ...data },
    });
  }

  registeredOn(appeal: Pick<Appeal, 'registeredAt'>): LocalDate {
    return localDateInZone(appeal.registeredAt, this.config.timeZone);
  }

  async get(id: string, ctx: RequestContext): Promise<Appeal> {
    const appeal = await this.findVisible(id, ctx.principal);
    if (ctx.principal.kind === 'user') await this.audit.record(ctx, 'appeal.read', 'appeal', id);
    return appeal;
  }

  /**
   * The appeal if the caller may see it, without an audit record: for checks that show nothing
   * of it (may this caller upload to it?), so a refused request leaves no trace of a read.
   */
  async findVisible(id: string, principal: Principal): Promise<Appeal> {
    const { raw, entities } = await this.visibleById(principal).run(this.ds.manager, {
      id,
      keyId: principal.kind === 'client' ? principal.apiKeyId : null,
      me: principal.kind === 'user' ? principal.id : null,
      myDept: principal.kind === 'user' ? principal.departmentId : null,
    });
    const appeal = entities[0];
    // Not visible and not existing look the same: no probing for other departments' appeals.
    if (!appeal) throw new AppError(ErrorCode.APPEAL_NOT_FOUND);
    const flags = raw[0] as { has_files: boolean; has_ext: boolean };
    this.details.set(appeal, { files: flags.has_files, extensions: flags.has_ext });
    return appeal;
  }

  /** The read by id for callers who see what this principal sees, built once per kind of caller. */
  private visibleById(principal: Principal): PreparedSelect<Appeal, VisibleParam> {
    const shape =
      principal.kind === 'client'
        ? 'client'
        : seesAllDepartments(principal)
          ? 'all'
          : principal.departmentId
            ? 'department'
            : 'own';
    let query = this.visibleQueries.get(shape);
    if (!query) {
      query = new PreparedSelect(
        this.ds.manager,
        Appeal,
        'a',
        (s) => {
          const qb = this.ds
            .getRepository(Appeal)
            .createQueryBuilder('a')
            .addSelect('EXISTS (SELECT 1 FROM attachments f WHERE f.appeal_id = a.id)', 'has_files')
            .addSelect(
              'EXISTS (SELECT 1 FROM appeal_extensions x WHERE x.appeal_id = a.id)',
              'has_ext',
            )
            .where('a.id = :id', { id: s.id });
          this.restrictToVisible(
            qb,
            principal.kind === 'client'
              ? { ...principal, apiKeyId: s.keyId }
              : { ...principal, id: s.me, departmentId: principal.departmentId ? s.myDept : null },
          );
          return qb;
        },
        VISIBLE_PARAMS,
      );
      this.visibleQueries.set(shape, query);
    }
    return query;
  }

  async history(id: string, ctx: RequestContext): Promise<AppealEvent[]> {
    await this.get(id, ctx);
    return this.ds
      .getRepository(AppealEvent)
      .find({ where: { appealId: id }, order: { id: 'ASC' } });
  }

  async notificationsOf(id: string, ctx: RequestContext): Promise<Notification[]> {
    await this.get(id, ctx);
    return this.notifications.listFor(this.ds.manager, id);
  }

  async list(q: ListAppealsQueryDto, ctx: RequestContext): Promise<Page<Appeal>> {
    const today = this.today();
    const qb = this.ds.getRepository(Appeal).createQueryBuilder('a');
    this.restrictToVisible(qb, ctx.principal);
    if (q.status?.length) qb.andWhere('a.status IN (:...status)', { status: q.status });
    if (q.channel?.length) qb.andWhere('a.channel IN (:...channel)', { channel: q.channel });
    if (q.kind) qb.andWhere('a.kind = :kind', { kind: q.kind });
    if (q.departmentId)
      qb.andWhere('a.departmentId = :departmentId', { departmentId: q.departmentId });
    if (q.assigneeId) qb.andWhere('a.assigneeId = :assigneeId', { assigneeId: q.assigneeId });
    if (q.topicCode) qb.andWhere('a.topicCode = :topicCode', { topicCode: q.topicCode });
    if (q.overdue !== undefined) {
      const cond = 'a.status IN (:...open) AND a.dueDate IS NOT NULL AND a.dueDate < :today';
      qb.andWhere(q.overdue ? `(${cond})` : `NOT (${cond})`, { open: OPEN_STATUSES, today });
    }
    if (q.dueBefore) qb.andWhere('a.dueDate < :dueBefore', { dueBefore: q.dueBefore });
    const tz = this.config.timeZone;
    if (q.registeredFrom) {
      qb.andWhere(`a.registeredAt >= (CAST(:regFrom AS date)::timestamp AT TIME ZONE :tz)`, {
        regFrom: q.registeredFrom,
        tz,
      });
    }
    if (q.registeredTo) {
      qb.andWhere(`a.registeredAt < ((CAST(:regTo AS date) + 1)::timestamp AT TIME ZONE :tz)`, {
        regTo: q.registeredTo,
        tz,
      });
    }
    if (q.q) {
      qb.andWhere(
        `to_tsvector('russian', coalesce(a.subject, '') || ' ' || a.text) @@ websearch_to_tsquery('russian', :q)`,
        { q: q.q },
      );
    }
    if (q.regNumber) qb.andWhere('a.regNumber = :regNumber', { regNumber: q.regNumber.trim() });
    if (q.applicantEmail) {
      qb.andWhere('a.applicantEmailNorm = :email', {
        email: normalizeEmail(q.applicantEmail),
      });
    }
    if (q.accountNumber) {
      qb.andWhere('a.accountNumberNorm = :acc', { acc: normalizeAccountNumber(q.accountNumber) });
    }
    if (q.cursor) {
      const c = decodeCursor(q.cursor, ['r', 'i']);
      qb.andWhere('(a.registeredAt, a.id) < (:r, :i)', { r: new Date(c.r), i: c.i });
    }
    qb.orderBy('a.registeredAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(q.limit + 1);
    const rows = await qb.getMany();
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    if (ctx.principal.kind === 'user' && items.length > 0) {
      await this.audit.record(ctx, 'appeal.list', 'appeal', null, { ids: items.map((a) => a.id) });
    }
    return {
      items,
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor({ r: last.registeredAt.toISOString(), i: last.id })
          : null,
    };
  }

  /**
   * The one way to change an appeal's status: checks the transition table and writes the
   * history row in the caller's transaction (SPEC §7).
   */
  async changeStatus(
    em: EntityManager,
    appeal: Appeal,
    to: AppealStatus,
    principal: Principal | null,
    reason: string | null,
    data: JsonObject = {},
    /** Fields that change together with the status (assignee, answer, rejection…). */
    set: AppealChanges = {},
  ): Promise<void> {
    if (!canTransition(appeal.status, to)) {
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        `Нельзя перевести обращение из статуса «${appeal.status}» в «${to}»`,
        undefined,
        { from: appeal.status, to },
      );
    }
    const from = appeal.status;
    await this.updateVersioned(em, appeal, { ...set, status: to });
    await this.addEvent(em, appeal.id, principal, {
      type: 'status_changed',
      fromStatus: from,
      toStatus: to,
      reason,
      at: this.clock.now(),
      data,
    });
  }

  /**
   * Marks an anonymous appeal as reporting a crime and sent to `organization` (59-ФЗ ст. 11
   * ч. 1): no status change (it stays rejected), a history event, the version moves on.
   */
  async markCrimeReport(
    em: EntityManager,
    appeal: Appeal,
    organization: string,
    principal: Principal,
    comment: string | null,
  ): Promise<void> {
    await this.updateVersioned(em, appeal, { crimeReport: true, forwardedTo: organization });
    await this.addEvent(em, appeal.id, principal, {
      type: 'crime_reported',
      reason: comment,
      at: this.clock.now(),
      data: { organization },
    });
  }

  /**
   * Writes `set` to the appeal if nobody changed it since it was read (its version), moves the
   * version on and applies `set` to the object; 412 PRECONDITION_FAILED otherwise.
   */
  private async updateVersioned(
    em: EntityManager,
    appeal: Appeal,
    set: AppealChanges & Partial<Pick<Appeal, 'status' | 'crimeReport' | 'dueDate' | 'overdueAt'>>,
  ): Promise<void> {
    const res = await em
      .createQueryBuilder()
      .update(Appeal)
      .set({ ...set, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: appeal.id, version: appeal.version })
      .execute();
    if (res.affected !== 1) throw new AppError(ErrorCode.PRECONDITION_FAILED);
    Object.assign(appeal, set);
    appeal.version += 1;
  }

  /** Appends a history event in the caller's transaction. */
  async addEvent(
    em: EntityManager,
    appealId: string,
    principal: Principal | null,
    e: Pick<AppealEvent, 'type' | 'at'> & Partial<AppealEvent>,
  ): Promise<void> {
    await em.insert(AppealEvent, this.eventRow(appealId, principal, e));
  }

  private eventRow(
    appealId: string,
    principal: Principal | null,
    e: HistoryFacts,
  ): QueryDeepPartialEntity<AppealEvent> {
    // jsonb's recursive JSON type is too deep for TypeORM's partial-entity typing.
    return historyEvent(appealId, principal, e) as QueryDeepPartialEntity<AppealEvent>;
  }

  /** Staff other than supervisors/admins see their department, their own and what they registered. */
  private restrictToVisible(qb: SelectQueryBuilder<Appeal>, p: Principal): void {
    restrictToVisibleAppeals(qb, p);
  }
}

/** Columns a status change may set along with the status. */
export type AppealChanges = Partial<
  Pick<
    Appeal,
    | 'assigneeId'
    | 'departmentId'
    | 'answerText'
    | 'answerOutcome'
    | 'answeredAt'
    | 'rejectionReason'
    | 'rejectionComment'
    | 'rejectionDecidedBy'
    | 'rejectionDecidedAt'
    | 'forwardingLate'
    | 'forwardedTo'
    | 'closingReason'
    | 'externalRefs'
  >
>;

const VISIBLE_PARAMS = ['id', 'keyId', 'me', 'myDept'] as const;
type VisibleParam = (typeof VISIBLE_PARAMS)[number];
