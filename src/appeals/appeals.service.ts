import type { QualityReport } from '../quality/quality-report.policy';
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
import { attributeFilters } from './attribute-filter';
import { toAppealDto, type AppealDto } from './appeal.dto';
import { cappedDueDate, type AuthorityControl } from './authority-control';
import { AppealClocksService } from './clocks/appeal-clocks.service';
import { clocksOf, type ClockRow } from './clocks/clock.dto';

@Injectable()
export class AppealsService {
  /**
   * Whether a loaded appeal has files / extensions, read with it in one statement, so its DTO
   * skips the queries that would find none (GET /appeals/{id}: two round trips fewer, issue 10).
   */
  private readonly details = new WeakMap<
    Appeal,
    { files: boolean; extensions: boolean; clocks?: ClockRow[] }
  >();
  private readonly visibleQueries = new Map<string, PreparedSelect<Appeal, VisibleParam>>();
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentsService,
    private readonly notifications: NotificationsService,
    private readonly clocks: AppealClocksService,
  ) {}

  /** The API representation, with attachments' metadata, extensions and clocks. */
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
    // Clock rows read with the appeal (GET /appeals/{id}) cost no query either.
    const clockIds = appeals.filter((a) => !this.details.get(a)?.clocks).map((a) => a.id);
    const [files, extensions, clockRows] = await Promise.all([
      this.attachments.filesForMany(fileIds),
      extensionIds.length === 0
        ? Promise.resolve([] as AppealExtension[])
        : this.ds.getRepository(AppealExtension).find({
            where: { appealId: In(extensionIds) },
            order: { requestedAt: 'ASC' },
          }),
      this.clocks.rowsFor(this.ds.manager, clockIds),
    ]);
    return appeals.map((a) =>
      toAppealDto(
        a,
        today,
        files.appeal.get(a.id) ?? [],
        extensions.filter((e) => e.appealId === a.id).map(toExtensionDto),
        clocksOf(
          a,
          this.details.get(a)?.clocks ?? clockRows.get(a.id) ?? [],
          today,
          this.config.timeZone,
        ),
        files.answer.get(a.id) ?? [],
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

  /**
   * Moves the due date (an approved extension, an outside bound), with history, in the caller's
   * transaction. `provisional`: the new date leaned on the provisional calendar (issue 19); a
   * date given from outside (ГИС ЖКХ, a control date) is not. Under an authority's control
   * `dueDate` is the new term and the due date the earlier of it and the control date (SPEC §6).
   */
  async setDueDate(
    em: EntityManager,
    appeal: Appeal,
    dueDate: LocalDate,
    principal: Principal | null,
    reason: string,
    data: JsonObject = {},
    opts: { provisional?: boolean } = {},
  ): Promise<void> {
    const previous = appeal.dueDate;
    const control = appeal.authorityControl;
    const effective = cappedDueDate(dueDate, control)!;
    await this.updateVersioned(em, appeal, {
      dueDate: effective,
      ...(control ? { termDueDate: dueDate } : {}),
      dueDateProvisional: opts.provisional ?? false,
      overdueAt: null,
    });
    await this.addEvent(em, appeal.id, principal, {
      type: 'due_date_changed',
      at: this.clock.now(),
      reason,
      data: {
        from: previous,
        to: effective,
        ...(effective !== dueDate ? { term: dueDate, controlDate: control!.controlDate } : {}),
        ...data,
      },
    });
  }

  /**
   * Records, changes or clears a supervising authority's control (SPEC §6, issue 19) in the
   * caller's transaction: the due date becomes the earlier of the term and the control date
   * (cleared: the term again), the authority_control clock follows the control date, and the
   * history says what changed. `dueDateProvisional` keeps describing the term.
   */
  async setAuthorityControl(
    em: EntityManager,
    appeal: Appeal,
    control: AuthorityControl | null,
    principal: Principal,
  ): Promise<void> {
    const previous = appeal.authorityControl;
    const term = previous ? (appeal.termDueDate ?? appeal.dueDate) : appeal.dueDate;
    const dueDate = cappedDueDate(term, control);
    const moved = dueDate !== appeal.dueDate;
    const from = appeal.dueDate;
    await this.updateVersioned(em, appeal, {
      authorityControl: control,
      termDueDate: control ? term : null,
      dueDate,
      ...(moved ? { overdueAt: null } : {}),
    });
    const at = this.clock.now();
    await this.addEvent(em, appeal.id, principal, {
      type: 'authority_control_changed',
      at,
      reason: control
        ? `Контроль: ${control.authority}, письмо № ${control.letterNumber} от ${control.letterDate}, срок ${control.controlDate}`
        : 'Контроль органа снят',
      data: { from: previous ? { ...previous } : null, to: control ? { ...control } : null },
    });
    if (moved) {
      await this.addEvent(em, appeal.id, principal, {
        type: 'due_date_changed',
        at,
        reason: control ? 'Контрольный срок органа' : 'Контроль органа снят: срок по политике',
        data: { from, to: dueDate, term, controlDate: control?.controlDate ?? null },
      });
    }
    await this.clocks.setControlDate(em, appeal.id, control?.controlDate ?? null);
  }

  /**
   * Due dates a calendar change moved (issue 19), many at once in the caller's transaction, which
   * holds the rows locked: each gets its new date and provisional mark (`overdue_at` cleared when
   * the date moves), its version moves on, and a `due_date_recomputed` history event says from,
   * to and why. One statement per batch rather than setDueDate per appeal: an import may move
   * thousands.
   */
  async recordRecomputedDueDates(
    em: EntityManager,
    changes: RecomputedDueDate[],
    principal: Principal | null,
    reason: string,
    data: JsonObject = {},
  ): Promise<void> {
    if (changes.length === 0) return;
    await em.query(
      `UPDATE appeals a
          SET due_date = c.due_date, term_due_date = c.term_due_date,
              due_date_provisional = c.provisional,
              overdue_at = CASE WHEN a.due_date IS DISTINCT FROM c.due_date THEN NULL ELSE a.overdue_at END,
              version = a.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::date[], $3::date[], $4::boolean[])
              AS c(id, due_date, term_due_date, provisional)
        WHERE a.id = c.id`,
      [
        changes.map((c) => c.id),
        changes.map((c) => c.to),
        changes.map((c) => c.termDueDate),
        changes.map((c) => c.provisional),
      ],
    );
    const at = this.clock.now();
    await em.insert(
      AppealEvent,
      changes.map((c) =>
        this.eventRow(c.id, principal, {
          type: 'due_date_recomputed',
          at,
          reason,
          data: {
            from: c.from,
            to: c.to,
            ...(c.termDueDate ? { term: c.termDueDate } : {}),
            provisionalBefore: c.provisionalBefore,
            provisional: c.provisional,
            ...data,
          },
        }),
      ),
    );
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
    const flags = raw[0] as { has_files: boolean; has_ext: boolean; clock_rows: JsonClockRow[] };
    this.details.set(appeal, {
      files: flags.has_files,
      extensions: flags.has_ext,
      clocks: flags.clock_rows.map(fromJsonClockRow),
    });
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
            // The clocks come with the appeal: no round trip of their own (issue 19).
            .addSelect(
              `(SELECT coalesce(json_agg(json_build_object('name', c.name, 'dueDate', c.due_date,
                  'metAt', c.met_at, 'stoppedAt', c.stopped_at, 'late', c.late,
                  'dueAt', c.due_at) ORDER BY c.id), '[]')
                 FROM appeal_clocks c WHERE c.appeal_id = a.id)`,
              'clock_rows',
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
    // Topic attributes (issue 22): containments, served by the GIN index idx_appeals_attributes.
    const attrs = attributeFilters(q.attr);
    if (attrs.errors.length > 0) throw AppError.validation(attrs.errors);
    attrs.filters.forEach((f, i) => {
      const params = Object.fromEntries(
        f.candidates.map((c, j) => [`attr${i}_${j}`, JSON.stringify(c)]),
      );
      const any = Object.keys(params).map((p) => `a.attributes @> CAST(:${p} AS jsonb)`);
      qb.andWhere(`(${any.join(' OR ')})`, params);
    });
    if (q.overdue !== undefined) {
      const cond = 'a.status IN (:...open) AND a.dueDate IS NOT NULL AND a.dueDate < :today';
      qb.andWhere(q.overdue ? `(${cond})` : `NOT (${cond})`, { open: OPEN_STATUSES, today });
    }
    if (q.dueBefore) qb.andWhere('a.dueDate < :dueBefore', { dueBefore: q.dueBefore });
    if (q.legalReview !== undefined) {
      qb.andWhere('a.legalReview = :legalReview', { legalReview: q.legalReview });
    }
    if (q.dueDateProvisional !== undefined) {
      qb.andWhere('a.dueDateProvisional = :provisional', { provisional: q.dueDateProvisional });
    }
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
    if (q.incomingNumber) {
      // Matches idx_appeals_incoming_number's expression (migration 1797200000000).
      qb.andWhere(`(a.incomingLetter ->> 'number') = :incomingNumber`, {
        incomingNumber: q.incomingNumber.trim(),
      });
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
    // The decision a legal clock waits for meets it; a closing stops the others (issue 19).
    await this.clocks.afterStatusChange(em, appeal, to, set.rejectionReason ?? null);
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
   * A change of the appeal that is not a column of its own (a legal clock raised or withdrawn):
   * its version moves on, so the ETag changes with what the appeal shows, and history says it.
   */
  async recordChange(
    em: EntityManager,
    appeal: Appeal,
    principal: Principal,
    e: Pick<AppealEvent, 'type' | 'reason'> & { data: JsonObject },
  ): Promise<void> {
    await this.updateVersioned(em, appeal, {});
    await this.addEvent(em, appeal.id, principal, { ...e, at: this.clock.now() });
  }

  /**
   * A quality-violation report's data changes (an inspection time agreed, the act recorded;
   * src/quality/, ПП 354 п. 108–110): the version moves on, history says what and who.
   */
  async setQualityReport(
    em: EntityManager,
    appeal: Appeal,
    qualityReport: QualityReport,
    principal: Principal,
    e: Pick<AppealEvent, 'type' | 'reason'> & { data: JsonObject },
  ): Promise<void> {
    await this.updateVersioned(em, appeal, { qualityReport });
    await this.addEvent(em, appeal.id, principal, { ...e, at: this.clock.now() });
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
   * Marks the appeal for the legal department, or clears the mark (SPEC §4: «false information»,
   * «incitement» are noted and the appeal is still considered): no status or deadline change,
   * a history event, the version moves on.
   */
  async setLegalReview(
    em: EntityManager,
    appeal: Appeal,
    legalReview: boolean,
    principal: Principal,
    reason: string,
  ): Promise<void> {
    await this.updateVersioned(em, appeal, { legalReview });
    await this.addEvent(em, appeal.id, principal, {
      type: legalReview ? 'legal_review_requested' : 'legal_review_cleared',
      reason,
      at: this.clock.now(),
    });
  }

  /**
   * A correction of what registration recorded (PATCH /appeals/{id}, issue 20): the fields and
   * the identity keys derived from them in one versioned update, and one `corrected` history
   * event per field with its old and new value. The registration number is not among them.
   */
  async correct(
    em: EntityManager,
    appeal: Appeal,
    set: CorrectableFields,
    changes: { field: string; from: unknown; to: unknown }[],
    principal: Principal,
    reason: string | null,
  ): Promise<void> {
    await this.updateVersioned(em, appeal, set);
    const at = this.clock.now();
    await em.insert(
      AppealEvent,
      changes.map((c) =>
        this.eventRow(appeal.id, principal, {
          type: 'corrected',
          at,
          reason,
          data: { field: c.field, from: c.from, to: c.to },
        }),
      ),
    );
  }

  /**
   * Writes `set` to the appeal if nobody changed it since it was read (its version), moves the
   * version on and applies `set` to the object; 412 PRECONDITION_FAILED otherwise.
   */
  private async updateVersioned(
    em: EntityManager,
    appeal: Appeal,
    set: AppealChanges &
      CorrectableFields &
      Partial<
        Pick<
          Appeal,
          | 'status'
          | 'crimeReport'
          | 'legalReview'
          | 'dueDate'
          | 'dueDateProvisional'
          | 'overdueAt'
          | 'authorityControl'
          | 'termDueDate'
          | 'qualityReport'
        >
      >,
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
    | 'answerSignedBy'
    | 'rejectionReason'
    | 'rejectionComment'
    | 'rejectionDecidedBy'
    | 'rejectionDecidedAt'
    | 'forwardingLate'
    | 'forwardedTo'
    | 'forwardedOrganizationId'
    | 'transmittalNumber'
    | 'closingReason'
    | 'externalRefs'
  >
>;

/** What a correction may set (PATCH /appeals/{id}): the fields, their identity keys, routing. */
export type CorrectableFields = Partial<
  Pick<
    Appeal,
    | 'kind'
    | 'topicCode'
    | 'applicant'
    | 'applicantEmailNorm'
    | 'applicantNameNorm'
    | 'accountNumber'
    | 'accountNumberNorm'
    | 'serviceAddress'
    | 'serviceAddressNorm'
    | 'incomingLetter'
    | 'coApplicants'
    | 'qualityReport'
    | 'departmentId'
    | 'slaPolicyId'
    | 'attributes'
    | 'validationIssues'
  >
>;

/** One appeal's due date as a calendar change recomputed it (recordRecomputedDueDates). */
export interface RecomputedDueDate {
  id: string;
  from: LocalDate;
  to: LocalDate;
  /** Under an authority's control: the term, which `to` is capped from; otherwise null. */
  termDueDate: LocalDate | null;
  provisionalBefore: boolean;
  provisional: boolean;
}

/** A clock row as json_build_object gives it: timestamps as text. */
interface JsonClockRow {
  name: ClockRow['name'];
  dueDate: string;
  metAt: string | null;
  stoppedAt: string | null;
  late: boolean;
  /** A clock that runs in hours (issue 23); null for the day clocks. */
  dueAt: string | null;
}

const fromJsonClockRow = (r: JsonClockRow): ClockRow => ({
  name: r.name,
  dueDate: r.dueDate,
  metAt: r.metAt === null ? null : new Date(r.metAt),
  stoppedAt: r.stoppedAt === null ? null : new Date(r.stoppedAt),
  late: r.late,
  dueAt: r.dueAt ? new Date(r.dueAt) : null,
});

const VISIBLE_PARAMS = ['id', 'keyId', 'me', 'myDept'] as const;
type VisibleParam = (typeof VISIBLE_PARAMS)[number];
