import type { JsonObject } from '../common/json';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AttachmentsService, type IncomingFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import type { Notification } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { actorOf, seesAllDepartments, type Principal } from '../common/auth/principal';
import { AppError, type FieldError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { Page } from '../common/http/pagination';
import { decodeCursor, encodeCursor } from '../common/http/pagination';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isUniqueViolationError, violatedTable } from '../database/pg-errors';
import { Semaphore } from '../common/semaphore';
import { PreparedSelect } from '../database/prepared-select';
import { transaction } from '../database/transaction';
import { WriteBatch, type Binding, type Statement } from '../database/write-batch';
import type { InlineRouting } from '../assignment/assignment.service';
import { DepartmentsService } from '../departments/departments.service';
import type { Topic } from '../departments/topic.entity';
import type { AppealDraft, RegistrationDecision } from './appeal-draft';
import { normalizeAccountNumber, normalizeEmail } from '../common/normalize';
import { DeadlinesService } from '../sla/deadlines.service';
import { toExtensionDto } from '../sla/extension.dto';
import { AppealExtension } from '../sla/extension.entity';
import { REGISTRATION_DAYS, isLate } from '../sla/extension.policy';
import { type LocalDate, localDateInZone, yearOf } from '../sla/local-date';
import { canTransition, OPEN_STATUSES } from './appeal-status';
import { restrictToVisibleAppeals } from './appeal-visibility';
import { AppealEvent } from './appeal-event.entity';
import { Appeal } from './appeal.entity';
import type { AnswerOutcome, AppealStatus, RejectionReason } from './appeal.enums';
import { IdempotencyKey } from './idempotency-key.entity';
import type { ListAppealsQueryDto } from './list-appeals.query';
import { parseRegNumber, regNumberSql } from './reg-number';
import { toAppealDto, type AppealDto } from './appeal.dto';

export interface IdempotencyRequest {
  key: string;
  requestHash: string;
}

export interface RegistrationResult {
  statusCode: number;
  body: AppealDto;
  replayed: boolean;
  /** A replay's body exactly as first sent (the stored JSON text). */
  raw?: string;
}

/** A remembered result, with its body as stored text. */
type StoredResult = Pick<IdempotencyKey, 'requestHash' | 'statusCode'> & { raw: string };

/** A legacy appeal (SPEC §13): a normalised draft plus the previous system's facts. */
export interface LegacyAppeal {
  draft: AppealDraft;
  validationIssues: FieldError[];
  regNumber: string;
  registeredAt: Date;
  status: AppealStatus;
  dueDate: LocalDate | null;
  answer: { text: string; outcome: AnswerOutcome; answeredAt: Date } | null;
  rejection: { reason: RejectionReason; comment: string | null } | null;
}

@Injectable()
export class AppealsService {
  /**
   * Whether a loaded appeal has files / extensions, read with it in one statement, so its DTO
   * skips the queries that would find none (GET /appeals/{id}: two round trips fewer, issue 10).
   */
  private readonly details = new WeakMap<Appeal, { files: boolean; extensions: boolean }>();
  private readonly visibleQueries = new Map<string, PreparedSelect<Appeal, VisibleParam>>();
  /**
   * Registrations of this instance whose numbering statement is in PostgreSQL at once. They all
   * queue on the year's counter row there anyway; past a few, every COMMIT hands the lock on
   * through a longer queue of backends for no more throughput (issue 10, docs/benchmarks.md:
   * the registration's own SQL replayed with 50 in flight costs twice the PostgreSQL CPU of 2).
   */
  private readonly numbering: Semaphore;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly departments: DepartmentsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentsService,
    private readonly notifications: NotificationsService,
  ) {
    this.numbering = new Semaphore(config.numbering.concurrency);
  }

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

  /**
   * Registers one appeal: number, deadline, history and audit in one transaction. With an
   * Idempotency-Key the first result is stored in the same transaction and replayed later.
   */
  async register(
    draft: AppealDraft,
    validationIssues: FieldError[],
    decision: RegistrationDecision,
    files: IncomingFile[],
    ctx: RequestContext,
    idem: IdempotencyRequest | null,
    /** Work in the registering transaction: routing in its final statement, the channel's marks. */
    hooks: RegistrationHooks = {},
  ): Promise<RegistrationResult> {
    const scope = idempotencyScope(ctx.principal);
    const topic = await this.resolveTopic(draft.topicCode);
    const departmentId = await this.departmentFor(topic);
    const registeredAt = this.clock.now();
    const registeredOn = localDateInZone(registeredAt, this.config.timeZone);
    const deadline = await this.deadlines.deadlineFor(registeredOn, draft.kind, topic);
    // Released once the numbering statement committed, or when the transaction ended otherwise:
    // before anything that may wait for another pool connection (the replay lookup below), which
    // registrations queued for a permit may all be holding.
    let releaseNumbering: (() => void) | null = null;
    try {
      return await transaction(
        this.ds,
        async (em, tx) => {
          const appealId = randomUUID();
          // Without files or a channel mark the final statement is the whole transaction (lazy:
          // no BEGIN); otherwise it starts here, before the first query.
          if (files.length > 0 || hooks.afterWrite) await tx.begin();
          // Files are linked before anything else (their foreign key is deferred: the appeal row
          // comes with the final statement); the number comes last (see below).
          if (files.length > 0) {
            const stored = await this.attachments.store(em, appealId, files, ctx.principal);
            if (decision.duplicateOf) {
              await this.attachments.copyTo(em, decision.duplicateOf.id, stored, ctx.principal);
            }
          }
          const year = yearOf(registeredOn);
          // A duplicate joins the open case and a rejected appeal is not considered: no term of their own.
          const hasTerm = decision.status === 'registered' || decision.status === 'under_review';
          const appeal = em.create(Appeal, {
            id: appealId,
            ...this.fromDraft(draft, validationIssues),
            checks: decision.checks,
            regYear: year,
            status: decision.status,
            receivedAt: draft.receivedAt ?? registeredAt,
            registeredAt,
            dueDate: hasTerm ? deadline.dueDate : null,
            slaPolicyId: deadline.policyId,
            registrationLate: isLate(
              localDateInZone(draft.receivedAt ?? registeredAt, this.config.timeZone),
              registeredOn,
              REGISTRATION_DAYS,
            ),
            departmentId,
            rejectionReason: decision.rejectionReason,
            rejectionDecidedAt: decision.rejectionReason ? registeredAt : null,
            rejectionComment: decision.rejectionReason
              ? 'Решение принято автоматически по правилам'
              : null,
            duplicateOfId: decision.duplicateOf?.id ?? null,
            createdByUserId: ctx.principal.kind === 'user' ? ctx.principal.id : null,
            createdByApiKeyId: ctx.principal.kind === 'client' ? ctx.principal.apiKeyId : null,
            // Written by the final statement without RETURNING: no database defaults to read back.
            forwardingLate: false,
            crimeReport: false,
            legalReview: false,
            imported: false,
            version: 1,
            createdAt: registeredAt,
            updatedAt: registeredAt,
          });
          // Round trips, not work, bound registrations under load (issue 10). The year's counter
          // row stays locked from its increment to COMMIT and every registration queues on it, so
          // the increment, the routing and every write of the registration are one final
          // statement, sent with its COMMIT: nothing returns to this process while it is held
          // (SPEC §5, §15; docs/architecture.md). What depends on the number or on the officer
          // chosen under the locks is bound inside that statement (WriteBatch.bind).
          const last = new WriteBatch();
          last.prelude({
            name: 'c',
            // Gap-free yearly sequence: the row lock serialises registrations (SPEC §5).
            sql: `INSERT INTO reg_counters (year, last_seq) VALUES ($1, 1)
                ON CONFLICT (year) DO UPDATE SET last_seq = reg_counters.last_seq + 1
                RETURNING last_seq`,
            params: [year],
          });
          last.prelude({
            name: 'n',
            materialized: true,
            sql: `SELECT last_seq AS seq, ${regNumberSql(this.config.regNumberTemplate, year, 'last_seq')} AS number FROM c`,
            params: [],
          });
          const number: Binding = {
            token: `regnum-${randomUUID()}`,
            text: '(SELECT number FROM n)',
            json: 'to_jsonb((SELECT number FROM n))::text',
          };
          last.bind(number);
          appeal.regNumber = number.token;
          const row: Record<string, unknown> = { ...appeal, regSeq: () => '(SELECT seq FROM n)' };
          last.insert(Appeal, row);
          this.queueEvent(last, em, appeal.id, ctx.principal, {
            type: 'registered',
            toStatus: decision.status,
            reason:
              decision.checks
                .filter((c) => c.verdict !== 'pass')
                .map((c) => `${c.rule}: ${c.detail}`)
                .join('; ') || null,
            at: registeredAt,
            data: {
              channel: draft.channel,
              dueDate: appeal.dueDate,
              slaPolicyId: deadline.policyId,
              validationIssues: validationIssues.map((i) => i.field),
              checks: decision.checks.map((c) => `${c.rule}:${c.verdict}`),
            },
          });
          const audit = this.audit.statement(ctx, 'appeal.create', 'appeal', appeal.id, null);
          last.add(audit.sql, audit.params);
          const attachments = files.length > 0 ? await this.attachments.listFor(appeal.id, em) : [];
          const routed = hooks.route ? hooks.route(appeal, row, last, number, registeredOn) : null;
          if (decision.duplicateOf) {
            this.joinDuplicate(
              em,
              appeal,
              decision.duplicateOf.id,
              ctx.principal,
              registeredAt,
              last,
            );
          }
          await this.enqueueRegistrationNotice(em, appeal, decision, registeredOn, last);
          const stored: Record<string, unknown> = {
            ...toAppealDto(appeal, registeredOn, attachments),
          };
          if (routed) {
            for (const key of ['status', 'assigneeId', 'version'] as const) {
              const token = `${key}-${randomUUID()}`;
              last.bind({ token, text: 'NULL', json: routed[key] });
              stored[key] = token;
            }
          }
          if (idem) {
            last.insert(IdempotencyKey, {
              scope,
              key: idem.key,
              requestHash: idem.requestHash,
              statusCode: 201,
              response: stored,
              appealId: appeal.id,
            });
          }
          const main: Statement = {
            sql: `SELECT n.seq, n.number, ${routed ? routed.assigneeSql : 'NULL::uuid'} AS assignee_id FROM n`,
            params: [],
          };
          releaseNumbering = await this.numbering.acquire();
          const [result] = hooks.afterWrite
            ? await last.flush<NumberedRow>(em, main)
            : await tx.commitWith<NumberedRow>(em, last, main);
          if (tx.committed) releaseNumbering();
          appeal.regNumber = result.number;
          appeal.regSeq = Number(result.seq);
          if (result.assignee_id) {
            appeal.status = 'assigned';
            appeal.assigneeId = result.assignee_id;
            appeal.version += 1;
          }
          if (hooks.afterWrite) await hooks.afterWrite(em, appeal);
          const body = toAppealDto(appeal, registeredOn, attachments);
          return { statusCode: 201, body, replayed: false };
        },
        { lazy: true },
      ).finally(() => releaseNumbering?.());
    } catch (e) {
      // A concurrent request with the same key committed first: answer with its result.
      if (idem && isUniqueViolationError(e) && violatedTable(e) === 'idempotency_keys') {
        const prior = await this.storedResult(scope, idem.key);
        if (prior) return replay(prior, idem);
      }
      throw e;
    }
  }

  /**
   * The stored result of an earlier request with this Idempotency-Key, checked before anything
   * else so a retry is answered even if the rules or the calendar changed since.
   */
  async findIdempotent(
    principal: Principal,
    idem: IdempotencyRequest,
  ): Promise<RegistrationResult | null> {
    const prior = await this.storedResult(idempotencyScope(principal), idem.key);
    return prior ? replay(prior, idem) : null;
  }

  private async storedResult(scope: string, key: string): Promise<StoredResult | null> {
    const rows = await this.ds.query<{ request_hash: string; status_code: number; raw: string }[]>(
      `SELECT request_hash, status_code, response::text AS raw FROM idempotency_keys
        WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    return row
      ? { requestHash: row.request_hash, statusCode: row.status_code, raw: row.raw }
      : null;
  }

  /** Legacy import (SPEC §13): all or nothing, original numbers and dates kept. */
  async importLegacy(items: LegacyAppeal[], ctx: RequestContext): Promise<AppealDto[]> {
    const today = this.today();
    const prepared: {
      item: LegacyAppeal;
      departmentId: string | null;
      registeredOn: LocalDate;
      dueDate: LocalDate;
    }[] = [];
    for (const item of items) {
      const topic = await this.resolveTopic(item.draft.topicCode);
      const registeredOn = localDateInZone(item.registeredAt, this.config.timeZone);
      const dueDate =
        item.dueDate ??
        (await this.deadlines.deadlineFor(registeredOn, item.draft.kind, topic)).dueDate;
      prepared.push({ item, departmentId: await this.departmentFor(topic), registeredOn, dueDate });
    }
    const importedAt = this.clock.now();
    try {
      return await this.ds.transaction(async (em) => {
        const out: AppealDto[] = [];
        for (const { item, departmentId, registeredOn, dueDate } of prepared) {
          const parsed = parseRegNumber(this.config.regNumberTemplate, item.regNumber);
          const regYear = parsed?.year ?? yearOf(registeredOn);
          if (parsed) await this.raiseCounter(em, regYear, parsed.seq);
          const appeal = em.create(Appeal, {
            ...this.fromDraft(item.draft, item.validationIssues),
            regNumber: item.regNumber,
            regYear,
            regSeq: parsed?.seq ?? null,
            status: item.status,
            receivedAt: item.draft.receivedAt ?? item.registeredAt,
            registeredAt: item.registeredAt,
            dueDate,
            departmentId,
            registrationLate: isLate(
              localDateInZone(item.draft.receivedAt ?? item.registeredAt, this.config.timeZone),
              registeredOn,
              REGISTRATION_DAYS,
            ),
            imported: true,
            answerText: item.answer?.text ?? null,
            answerOutcome: item.answer?.outcome ?? null,
            answeredAt: item.answer?.answeredAt ?? null,
            rejectionReason: item.rejection?.reason ?? null,
            rejectionComment: item.rejection?.comment ?? null,
            rejectionDecidedAt: item.rejection ? item.registeredAt : null,
            createdByUserId: ctx.principal.kind === 'user' ? ctx.principal.id : null,
          });
          await em.insert(Appeal, appeal);
          await this.addEvent(em, appeal.id, ctx.principal, {
            type: 'imported',
            toStatus: item.status,
            at: importedAt,
            data: { registeredAt: item.registeredAt.toISOString(), regNumber: item.regNumber },
          });
          out.push(toAppealDto(appeal, today));
        }
        await this.audit.record(
          ctx,
          'appeal.import',
          'appeal',
          null,
          { ids: out.map((a) => a.id) },
          em,
        );
        return out;
      });
    } catch (e) {
      if (isUniqueViolationError(e) && violatedTable(e) === 'appeals') {
        throw new AppError(
          ErrorCode.REG_NUMBER_TAKEN,
          'Один из регистрационных номеров уже есть в системе; ничего не импортировано',
        );
      }
      throw e;
    }
  }

  /**
   * A duplicate joins the open case: the original's history records it (its new files were
   * attached to the original too, SPEC §4).
   */
  private joinDuplicate(
    em: EntityManager,
    duplicate: Appeal,
    originalId: string,
    principal: Principal,
    at: Date,
    batch: WriteBatch,
  ): void {
    this.queueEvent(batch, em, originalId, principal, {
      type: 'duplicate_joined',
      at,
      reason: `Присоединено обращение ${duplicate.regNumber}`,
      data: { appealId: duplicate.id, regNumber: duplicate.regNumber },
    });
  }

  /** The notice a new appeal gets: acknowledgement, rejection or duplicate (SPEC §8). */
  private async enqueueRegistrationNotice(
    em: EntityManager,
    appeal: Appeal,
    decision: RegistrationDecision,
    registeredOn: LocalDate,
    batch: WriteBatch,
  ): Promise<void> {
    switch (decision.status) {
      case 'registered':
      case 'under_review':
        await this.notifications.enqueue(
          em,
          appeal,
          'acknowledgement',
          { dueDate: appeal.dueDate },
          registeredOn,
          batch,
        );
        return;
      case 'duplicate':
        await this.notifications.enqueue(
          em,
          appeal,
          'duplicate',
          {
            joinedRegNumber: decision.duplicateOf?.regNumber,
            joinedDueDate: decision.duplicateOf?.dueDate,
          },
          registeredOn,
          batch,
        );
        return;
      case 'rejected':
        // 59-ФЗ ст. 11 ч. 1: an anonymous appeal gets no answer (there is nobody to send it to).
        if (decision.rejectionReason && decision.rejectionReason !== 'anonymous') {
          await this.notifications.enqueue(
            em,
            appeal,
            'rejection',
            { rejectionReason: decision.rejectionReason },
            registeredOn,
            batch,
          );
        }
        return;
      default: {
        const never: never = decision.status;
        throw new Error(`Unknown registration status ${String(never)}`);
      }
    }
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
    await em.insert(AppealEvent, this.eventRow(em, appealId, principal, e));
  }

  /** The same, added to a batch of writes sent later in the transaction. */
  queueEvent(
    batch: WriteBatch,
    em: EntityManager,
    appealId: string,
    principal: Principal | null,
    e: Pick<AppealEvent, 'type' | 'at'> & Partial<AppealEvent>,
  ): void {
    batch.insert(AppealEvent, this.eventRow(em, appealId, principal, e));
  }

  private eventRow(
    em: EntityManager,
    appealId: string,
    principal: Principal | null,
    e: Pick<AppealEvent, 'type' | 'at'> & Partial<AppealEvent>,
  ): QueryDeepPartialEntity<AppealEvent> {
    const row = em.create(AppealEvent, {
      appealId,
      fromStatus: null,
      toStatus: null,
      reason: null,
      data: {},
      ...(principal ? actorOf(principal) : { actorUserId: null, actorApiKeyId: null }),
      ...e,
    });
    // jsonb's recursive JSON type is too deep for TypeORM's partial-entity typing.
    return row as QueryDeepPartialEntity<AppealEvent>;
  }

  /** Staff other than supervisors/admins see their department, their own and what they registered. */
  private restrictToVisible(qb: SelectQueryBuilder<Appeal>, p: Principal): void {
    restrictToVisibleAppeals(qb, p);
  }

  private fromDraft(d: AppealDraft, validationIssues: FieldError[]): Partial<Appeal> {
    return {
      channel: d.channel,
      kind: d.kind,
      applicant: { ...d.applicant },
      applicantEmailNorm: d.applicantEmailNorm,
      accountNumber: d.accountNumber,
      accountNumberNorm: d.accountNumberNorm,
      applicantNameNorm: d.applicantNameNorm,
      serviceAddressNorm: d.serviceAddressNorm,
      serviceAddress: d.serviceAddress,
      topicCode: d.topicCode,
      subject: d.subject,
      text: d.text,
      replyChannel: d.replyChannel,
      externalRefs: d.externalRefs,
      checks: [],
      validationIssues,
    };
  }

  private async resolveTopic(code: string | null): Promise<Topic | null> {
    if (!code) return null;
    const topic = await this.departments.findTopicByCode(code);
    if (!topic) {
      throw AppError.validation([
        { field: 'topicCode', code: 'UNKNOWN_TOPIC', message: `Неизвестная тематика «${code}»` },
      ]);
    }
    return topic;
  }

  /** The topic's department, else the default one (SPEC §7 routing). */
  private async departmentFor(topic: Topic | null): Promise<string | null> {
    if (topic) return topic.departmentId;
    return (await this.departments.findByCode(this.config.defaultDepartmentCode))?.id ?? null;
  }

  /** An imported number of our own format moves the counter past it, so it is never reissued. */
  private async raiseCounter(em: EntityManager, year: number, seq: number): Promise<void> {
    await em.query(
      `INSERT INTO reg_counters (year, last_seq) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_seq = GREATEST(reg_counters.last_seq, EXCLUDED.last_seq)`,
      [year, seq],
    );
  }
}

/**
 * Work in the registering transaction. The routing hook adds its writes to the batch rather than
 * sending them: they reach PostgreSQL with the final statement, which also allocates the number.
 */
export interface RegistrationHooks {
  /**
   * Routing inside the final statement (AssignmentService.routeInline): it may replace columns
   * of the appeal's row with SQL reading the choice, and add writes; null when not routed.
   */
  route?: (
    appeal: Appeal,
    row: Record<string, unknown>,
    batch: WriteBatch,
    number: Binding,
    registeredOn: LocalDate,
  ) => InlineRouting | null;
  /** After everything is written: free to read and write the stored appeal. */
  afterWrite?: (em: EntityManager, appeal: Appeal) => Promise<void>;
}

interface NumberedRow {
  seq: number | string;
  number: string;
  assignee_id: string | null;
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

const idempotencyScope = (p: Principal): string =>
  p.kind === 'user' ? `user:${p.id}` : `key:${p.apiKeyId}`;

function replay(prior: StoredResult, idem: IdempotencyRequest): RegistrationResult {
  if (prior.requestHash !== idem.requestHash) {
    throw new AppError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'Этот Idempotency-Key уже использован для другого запроса; создайте новый ключ',
    );
  }
  return {
    statusCode: prior.statusCode,
    body: JSON.parse(prior.raw) as AppealDto,
    replayed: true,
    raw: prior.raw,
  };
}
