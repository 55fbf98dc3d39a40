import type { JsonObject } from '../common/json';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AttachmentsService, type IncomingFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { actorOf, seesAllDepartments, type Principal } from '../common/auth/principal';
import { AppError, type FieldError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { Page } from '../common/http/pagination';
import { decodeCursor, encodeCursor } from '../common/http/pagination';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isUniqueViolationError } from '../database/pg-errors';
import { DepartmentsService } from '../departments/departments.service';
import type { Topic } from '../departments/topic.entity';
import type { AppealDraft } from './appeal-draft';
import { normalizeAccountNumber } from '../common/normalize';
import { DeadlinesService } from '../sla/deadlines.service';
import { type LocalDate, localDateInZone, yearOf } from '../sla/local-date';
import { canTransition, OPEN_STATUSES } from './appeal-status';
import { AppealEvent } from './appeal-event.entity';
import { Appeal } from './appeal.entity';
import type { AnswerOutcome, AppealStatus, RejectionReason } from './appeal.enums';
import { IdempotencyKey } from './idempotency-key.entity';
import type { ListAppealsQueryDto } from './list-appeals.query';
import { formatRegNumber, parseRegNumber } from './reg-number';
import { toAppealDto, type AppealDto } from './appeal.dto';

export interface IdempotencyRequest {
  key: string;
  requestHash: string;
}

export interface RegistrationResult {
  statusCode: number;
  body: AppealDto;
  replayed: boolean;
}

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
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly departments: DepartmentsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentsService,
  ) {}

  /** The API representation, with attachments' metadata. */
  async toDto(appeal: Appeal): Promise<AppealDto> {
    return toAppealDto(appeal, this.today(), await this.attachments.listFor(appeal.id));
  }

  async toDtos(appeals: Appeal[]): Promise<AppealDto[]> {
    const today = this.today();
    const files = await this.attachments.listForMany(appeals.map((a) => a.id));
    return appeals.map((a) => toAppealDto(a, today, files.get(a.id) ?? []));
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
    files: IncomingFile[],
    ctx: RequestContext,
    idem: IdempotencyRequest | null,
  ): Promise<RegistrationResult> {
    const scope = idempotencyScope(ctx.principal);
    if (idem) {
      const prior = await this.ds.getRepository(IdempotencyKey).findOneBy({ scope, key: idem.key });
      if (prior) return replay(prior, idem);
    }
    const topic = await this.resolveTopic(draft.topicCode);
    const departmentId = await this.departmentFor(topic);
    const registeredAt = this.clock.now();
    const registeredOn = localDateInZone(registeredAt, this.config.timeZone);
    const deadline = await this.deadlines.deadlineFor(registeredOn, draft.kind, topic);
    try {
      return await this.ds.transaction(async (em) => {
        const year = yearOf(registeredOn);
        // Allocated last, just before the insert: the counter row stays locked until commit.
        const seq = await this.nextSeq(em, year);
        const appeal = em.create(Appeal, {
          ...this.fromDraft(draft, validationIssues),
          regNumber: formatRegNumber(this.config.regNumberTemplate, year, seq),
          regYear: year,
          regSeq: seq,
          status: 'registered',
          receivedAt: draft.receivedAt ?? registeredAt,
          registeredAt,
          dueDate: deadline.dueDate,
          departmentId,
          createdByUserId: ctx.principal.kind === 'user' ? ctx.principal.id : null,
          createdByApiKeyId: ctx.principal.kind === 'client' ? ctx.principal.apiKeyId : null,
        });
        await em.insert(Appeal, appeal);
        await this.writeEvent(em, appeal.id, ctx.principal, {
          type: 'registered',
          toStatus: 'registered',
          at: registeredAt,
          data: {
            channel: draft.channel,
            dueDate: deadline.dueDate,
            slaPolicyId: deadline.policyId,
            validationIssues: validationIssues.map((i) => i.field),
          },
        });
        if (files.length > 0) await this.attachments.store(em, appeal.id, files, ctx.principal);
        await this.audit.record(ctx, 'appeal.create', 'appeal', appeal.id, null, em);
        const body = toAppealDto(
          appeal,
          registeredOn,
          await this.attachments.listFor(appeal.id, em),
        );
        if (idem) {
          await em.insert(IdempotencyKey, {
            scope,
            key: idem.key,
            requestHash: idem.requestHash,
            statusCode: 201,
            response: body,
            appealId: appeal.id,
          });
        }
        return { statusCode: 201, body, replayed: false };
      });
    } catch (e) {
      // A concurrent request with the same key committed first: answer with its result.
      if (idem && isUniqueViolationError(e) && tableOf(e) === 'idempotency_keys') {
        const prior = await this.ds
          .getRepository(IdempotencyKey)
          .findOneBy({ scope, key: idem.key });
        if (prior) return replay(prior, idem);
      }
      throw e;
    }
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
          await this.writeEvent(em, appeal.id, ctx.principal, {
            type: 'imported',
            toStatus: item.status,
            at: importedAt,
            data: { registeredAt: item.registeredAt.toISOString(), regNumber: item.regNumber },
          });
          out.push(toAppealDto(appeal, today));
        }
        await this.audit.record(ctx, 'appeal.import', 'appeal', null, { count: out.length }, em);
        return out;
      });
    } catch (e) {
      if (isUniqueViolationError(e) && tableOf(e) === 'appeals') {
        throw new AppError(
          ErrorCode.REG_NUMBER_TAKEN,
          'Один из регистрационных номеров уже есть в системе; ничего не импортировано',
        );
      }
      throw e;
    }
  }

  async get(id: string, ctx: RequestContext): Promise<Appeal> {
    const qb = this.ds.getRepository(Appeal).createQueryBuilder('a').where('a.id = :id', { id });
    this.restrictToVisible(qb, ctx.principal);
    const appeal = await qb.getOne();
    // Not visible and not existing look the same: no probing for other departments' appeals.
    if (!appeal) throw new AppError(ErrorCode.APPEAL_NOT_FOUND);
    if (ctx.principal.kind === 'user') await this.audit.record(ctx, 'appeal.read', 'appeal', id);
    return appeal;
  }

  async history(id: string, ctx: RequestContext): Promise<AppealEvent[]> {
    await this.get(id, ctx);
    return this.ds
      .getRepository(AppealEvent)
      .find({ where: { appealId: id }, order: { id: 'ASC' } });
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
        email: q.applicantEmail.trim().toLowerCase(),
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
    const res = await em
      .createQueryBuilder()
      .update(Appeal)
      .set({ status: to, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: appeal.id, version: appeal.version })
      .execute();
    if (res.affected !== 1) throw new AppError(ErrorCode.PRECONDITION_FAILED);
    appeal.status = to;
    appeal.version += 1;
    await this.writeEvent(em, appeal.id, principal, {
      type: 'status_changed',
      fromStatus: from,
      toStatus: to,
      reason,
      at: this.clock.now(),
      data,
    });
  }

  private async writeEvent(
    em: EntityManager,
    appealId: string,
    principal: Principal | null,
    e: Pick<AppealEvent, 'type' | 'at'> & Partial<AppealEvent>,
  ): Promise<void> {
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
    await em.insert(AppealEvent, row as QueryDeepPartialEntity<AppealEvent>);
  }

  /** Staff other than supervisors/admins see their department, their own and what they registered. */
  private restrictToVisible(qb: SelectQueryBuilder<Appeal>, p: Principal): void {
    if (p.kind === 'client') {
      qb.andWhere('a.createdByApiKeyId = :keyId', { keyId: p.apiKeyId });
      return;
    }
    if (seesAllDepartments(p)) return;
    qb.andWhere(
      new Brackets((w) => {
        w.where('a.assigneeId = :me', { me: p.id }).orWhere('a.createdByUserId = :me', {
          me: p.id,
        });
        if (p.departmentId) w.orWhere('a.departmentId = :myDept', { myDept: p.departmentId });
      }),
    );
  }

  private fromDraft(d: AppealDraft, validationIssues: FieldError[]): Partial<Appeal> {
    return {
      channel: d.channel,
      kind: d.kind,
      applicant: { ...d.applicant },
      applicantEmailNorm: d.applicantEmailNorm,
      accountNumber: d.accountNumber,
      accountNumberNorm: d.accountNumberNorm,
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

  /** Gap-free yearly sequence: the row lock serialises concurrent registrations (SPEC §5). */
  private async nextSeq(em: EntityManager, year: number): Promise<number> {
    const rows: { last_seq: number }[] = await em.query(
      `INSERT INTO reg_counters (year, last_seq) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_seq = reg_counters.last_seq + 1
       RETURNING last_seq`,
      [year],
    );
    return rows[0].last_seq;
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

const idempotencyScope = (p: Principal): string =>
  p.kind === 'user' ? `user:${p.id}` : `key:${p.apiKeyId}`;

function replay(prior: IdempotencyKey, idem: IdempotencyRequest): RegistrationResult {
  if (prior.requestHash !== idem.requestHash) {
    throw new AppError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'Этот Idempotency-Key уже использован для другого запроса; создайте новый ключ',
    );
  }
  return { statusCode: prior.statusCode, body: prior.response as AppealDto, replayed: true };
}

const tableOf = (e: unknown): string | undefined =>
  (e as { driverError?: { table?: string } }).driverError?.table;
