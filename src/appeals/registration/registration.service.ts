import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AUTO_ASSIGNMENT_REASON } from '../../assignment/assignment.service';
import { AttachmentsService, type IncomingFile } from '../../attachments/attachments.service';
import { AuditService } from '../../audit/audit.service';
import type { FieldError } from '../../common/errors/app-error';
import type { RequestContext } from '../../common/http/request-context';
import { Semaphore } from '../../common/semaphore';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { isUniqueViolationError, violatedTable } from '../../database/pg-errors';
import { Notification } from '../../notifications/notification.entity';
import { NotificationsService } from '../../notifications/notifications.service';
import { DeadlinesService } from '../../sla/deadlines.service';
import { REGISTRATION_DAYS, isLate } from '../../sla/extension.policy';
import { addDays, type LocalDate, localDateInZone, yearOf } from '../../common/time/local-date';
import type { AppealDraft, RegistrationDecision } from '../appeal-draft';
import { toAppealDto, type AppealDto } from '../appeal.dto';
import { Appeal } from '../appeal.entity';
import { canTransition } from '../appeal-status';
import { cappedDueDate } from '../authority-control';
import { clocksOf, type ClockDto, type ClockRow } from '../clocks/clock.dto';
import { rowClock } from '../clocks/clock.registry';
import { historyEvent } from '../history-event';
import { inspectionDueAt } from '../../quality/quality-report.policy';
import { AppealPlacement, fieldsFromDraft } from './appeal-placement';
import {
  IdempotencyService,
  idempotencyScope,
  type IdempotencyRequest,
  type RegistrationResult,
} from './idempotency';
import { lazyTransaction } from './lazy-transaction';
import { registrationNotice } from './registration-notice';
import {
  registrationStatement,
  type RegisteredRow,
  type RegistrationClock,
  type RegistrationWrite,
} from './registration.statement';

/** Work of a channel's own in the registering transaction, after the appeal is written. */
export type AfterRegistration = (em: EntityManager, appeal: Appeal) => Promise<void>;

/**
 * Registers one appeal (SPEC §5): number, deadline, routing, history, notices, audit and the
 * remembered response, all written by one statement (registration.statement.ts) in one
 * transaction. The rules have decided already; this applies their decision.
 */
@Injectable()
export class RegistrationService {
  /**
   * Registrations of this instance whose statement is in PostgreSQL at once. They all queue on
   * the year's counter row there anyway; past a few, every COMMIT hands the lock on through a
   * longer queue of backends for no more throughput (issue 10, docs/benchmarks.md).
   */
  private readonly numbering: Semaphore;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly placement: AppealPlacement,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentsService,
    private readonly notifications: NotificationsService,
    private readonly idempotency: IdempotencyService,
  ) {
    this.numbering = new Semaphore(config.numbering.concurrency);
  }

  async register(
    draft: AppealDraft,
    validationIssues: FieldError[],
    decision: RegistrationDecision,
    files: IncomingFile[],
    ctx: RequestContext,
    idem: IdempotencyRequest | null,
    afterWrite?: AfterRegistration,
  ): Promise<RegistrationResult> {
    const topic = await this.placement.topic(draft.topicCode);
    const departmentId = await this.placement.departmentFor(topic, draft.kind);
    const registeredAt = this.clock.now();
    const registeredOn = localDateInZone(registeredAt, this.config.timeZone);
    const deadline = await this.deadlines.deadlineFor(registeredOn, draft.kind, topic);
    const appeal = this.newAppeal(draft, validationIssues, decision, ctx, {
      registeredAt,
      registeredOn,
      departmentId,
      dueDate: deadline.dueDate,
      dueDateProvisional: deadline.provisional,
      slaPolicyId: deadline.policyId,
    });
    // Released once the statement committed, or when the transaction ended otherwise: before
    // anything that may wait for another pool connection (the replay lookup below), which
    // registrations queued for a permit may all be holding.
    let releaseNumbering: (() => void) | null = null;
    try {
      return await lazyTransaction(this.ds, async (em, tx) => {
        // With files or a channel's own work, the transaction begins here; otherwise the final
        // statement is the whole transaction.
        if (files.length > 0 || afterWrite) await tx.begin();
        // Files first (their foreign key is deferred: the appeal row comes with the statement).
        if (files.length > 0) {
          const stored = await this.attachments.store(em, appeal.id, files, ctx.principal);
          if (decision.duplicateOf) {
            await this.attachments.copyTo(em, decision.duplicateOf.id, stored, ctx.principal);
          }
        }
        const attachments = files.length > 0 ? await this.attachments.listFor(appeal.id, em) : [];
        const clocks = this.startingClocks(appeal, registeredOn);
        const write = this.write(appeal, decision, ctx, registeredOn, idem, clocks, (a, c) =>
          toAppealDto(a, registeredOn, attachments, [], c),
        );
        const statement = registrationStatement(em, write);
        releaseNumbering = await this.numbering.acquire();
        const [row] = afterWrite
          ? await tx.run<RegisteredRow>(statement)
          : await tx.commitWith<RegisteredRow>(statement);
        if (tx.committed) releaseNumbering();
        appeal.regNumber = row.number;
        appeal.regSeq = Number(row.seq);
        if (row.assignee_id) {
          appeal.status = 'assigned';
          appeal.assigneeId = row.assignee_id;
          appeal.version += 1;
        }
        if (afterWrite) await afterWrite(em, appeal);
        return {
          statusCode: 201,
          body: toAppealDto(
            appeal,
            registeredOn,
            attachments,
            [],
            this.clocksView(appeal, clocks, registeredOn, row.assignee_id !== null),
          ),
          replayed: false,
        };
      }).finally(() => releaseNumbering?.());
    } catch (e) {
      // A concurrent request with the same key committed first: answer with its result.
      if (idem && isUniqueViolationError(e) && violatedTable(e) === 'idempotency_keys') {
        const prior = await this.idempotency.find(ctx.principal, idem);
        if (prior) return prior;
      }
      throw e;
    }
  }

  /** The appeal as the rules left it; the statement gives it its number (and officer). */
  private newAppeal(
    draft: AppealDraft,
    validationIssues: FieldError[],
    decision: RegistrationDecision,
    ctx: RequestContext,
    at: {
      registeredAt: Date;
      registeredOn: LocalDate;
      departmentId: string | null;
      dueDate: LocalDate;
      /** The date leaned on the provisional calendar (issue 19): recomputed on import. */
      dueDateProvisional: boolean;
      slaPolicyId: string | null;
    },
  ): Appeal {
    const { registeredAt, registeredOn } = at;
    // A duplicate joins the open case and a rejected appeal is not considered: no term of their own.
    const hasTerm = decision.status === 'registered' || decision.status === 'under_review';
    const receivedAt = draft.receivedAt ?? registeredAt;
    return Object.assign(new Appeal(), {
      id: randomUUID(),
      ...fieldsFromDraft(draft, validationIssues),
      checks: decision.checks,
      regNumber: '',
      regYear: yearOf(registeredOn),
      regSeq: null,
      status: decision.status,
      receivedAt,
      registeredAt,
      // SPEC §6: a supervising authority's control date caps the policy's date.
      dueDate: hasTerm ? cappedDueDate(at.dueDate, draft.authorityControl) : null,
      termDueDate: hasTerm && draft.authorityControl ? at.dueDate : null,
      dueDateProvisional: hasTerm && at.dueDateProvisional,
      slaPolicyId: at.slaPolicyId,
      // 59-ФЗ ст. 8 ч. 2: registered within three days of receipt.
      registrationLate: isLate(
        localDateInZone(receivedAt, this.config.timeZone),
        registeredOn,
        REGISTRATION_DAYS,
      ),
      departmentId: at.departmentId,
      assigneeId: null,
      rejectionReason: decision.rejectionReason,
      rejectionDecidedAt: decision.rejectionReason ? registeredAt : null,
      rejectionComment: decision.rejectionReason
        ? 'Решение принято автоматически по правилам'
        : null,
      duplicateOfId: decision.duplicateOf?.id ?? null,
      createdByUserId: ctx.principal.kind === 'user' ? ctx.principal.id : null,
      createdByApiKeyId: ctx.principal.kind === 'client' ? ctx.principal.apiKeyId : null,
      // Written without RETURNING: no database defaults to read back.
      forwardingLate: false,
      crimeReport: false,
      legalReview: false,
      imported: false,
      version: 1,
      createdAt: registeredAt,
      updatedAt: registeredAt,
    });
  }

  /** Everything the statement writes, as data (texts with the number's placeholder). */
  private write(
    appeal: Appeal,
    decision: RegistrationDecision,
    ctx: RequestContext,
    registeredOn: LocalDate,
    idem: IdempotencyRequest | null,
    clocks: RegistrationClock[],
    /** The response body: written now, remembered with what only the statement knows put in. */
    render: (appeal: Appeal, clocks: ClockDto[]) => AppealDto,
  ): RegistrationWrite {
    const token = randomUUID();
    const placeholders = {
      number: `regnum-${token}`,
      status: `status-${token}`,
      assigneeId: `assigneeId-${token}`,
      version: `version-${token}`,
      clocks: `clocks-${token}`,
    };
    const at = appeal.registeredAt;
    // Texts are rendered with the placeholder where the number goes.
    const numbered = Object.assign(new Appeal(), appeal, { regNumber: placeholders.number });
    // SPEC §7: a new appeal goes to an officer of its department at once, by the one
    // transition table like every other status change.
    const routing =
      appeal.status === 'registered' &&
      appeal.departmentId &&
      canTransition('registered', 'assigned')
        ? {
            departmentId: appeal.departmentId,
            at,
            reason: AUTO_ASSIGNMENT_REASON,
            staffNotice: this.notifications.renderStaff(numbered, 'assignment', { registeredOn }),
          }
        : null;
    const noticeOf = registrationNotice(decision, appeal.dueDate);
    const notice = noticeOf
      ? this.notifications.applicantNotice(numbered, noticeOf.kind, noticeOf.context, registeredOn)
      : null;
    const queued = this.clocksView(numbered, clocks, registeredOn, false);
    const response: Record<string, unknown> = { ...render(numbered, queued) };
    // Whether the forwarding clock runs depends on the officer the statement picks.
    const clocksJson =
      routing && clocks.some((c) => c.unlessAssigned)
        ? {
            assigned: JSON.stringify(this.clocksView(numbered, clocks, registeredOn, true)),
            queued: JSON.stringify(queued),
          }
        : null;
    if (routing) {
      response.status = placeholders.status;
      response.assigneeId = placeholders.assigneeId;
      response.version = placeholders.version;
      if (clocksJson) response.clocks = placeholders.clocks;
    }
    return {
      year: appeal.regYear,
      numberTemplate: this.config.regNumberTemplate,
      letterNumberTemplate: this.config.letterNumberTemplate,
      placeholders,
      appeal,
      registered: historyEvent(appeal.id, ctx.principal, {
        type: 'registered',
        toStatus: decision.status,
        reason:
          decision.checks
            .filter((c) => c.verdict !== 'pass')
            .map((c) => `${c.rule}: ${c.detail}`)
            .join('; ') || null,
        at,
        data: {
          channel: appeal.channel,
          dueDate: appeal.dueDate,
          ...(appeal.authorityControl
            ? { termDueDate: appeal.termDueDate, authorityControl: { ...appeal.authorityControl } }
            : {}),
          dueDateProvisional: appeal.dueDateProvisional,
          slaPolicyId: appeal.slaPolicyId,
          validationIssues: appeal.validationIssues.map((i) => i.field),
          checks: decision.checks.map((c) => `${c.rule}:${c.verdict}`),
        },
      }),
      routing,
      clocks,
      clocksJson,
      joined: decision.duplicateOf
        ? historyEvent(decision.duplicateOf.id, ctx.principal, {
            type: 'duplicate_joined',
            at,
            reason: `Присоединено обращение ${placeholders.number}`,
            data: { appealId: appeal.id, regNumber: placeholders.number },
          })
        : null,
      notice: notice
        ? Object.assign(new Notification(), notice, {
            status: 'pending',
            attempts: 0,
            nextAttemptAt: at,
          })
        : null,
      audit: this.audit.row(ctx, 'appeal.create', 'appeal', appeal.id, null),
      remembered: idem
        ? {
            scope: idempotencyScope(ctx.principal, idem.namespace),
            key: idem.key,
            requestHash: idem.requestHash,
            statusCode: 201,
            response: JSON.stringify(response),
            appealId: appeal.id,
          }
        : null,
    };
  }

  /**
   * The clock rows a new appeal with a term starts with (issue 19, docs/sla.md «Clocks»): the
   * forwarding check while nobody has the appeal (59-ФЗ ст. 8 ч. 3: whether it is ours is
   * decided within 7 days; an officer who gets it answers for that), and an authority's control.
   */
  private startingClocks(appeal: Appeal, registeredOn: LocalDate): RegistrationClock[] {
    if (appeal.dueDate === null) return [];
    const clocks: RegistrationClock[] = [
      {
        name: 'forwarding',
        dueDate: addDays(registeredOn, rowClock('forwarding').days!),
        dueAt: null,
        unlessAssigned: true,
      },
    ];
    if (appeal.authorityControl) {
      clocks.push({
        name: 'authority_control',
        dueDate: appeal.authorityControl.controlDate,
        dueAt: null,
        unlessAssigned: false,
      });
    }
    // ПП 354 п. 108 (issue 23): a quality report is inspected within hours of its registration.
    if (appeal.kind === 'quality_report') {
      const dueAt = inspectionDueAt(appeal.registeredAt, this.config.quality.inspectionHours);
      clocks.push({
        name: 'inspection',
        dueDate: localDateInZone(dueAt, this.config.timeZone),
        dueAt,
        unlessAssigned: false,
      });
    }
    return clocks;
  }

  /** The new appeal's `clocks`, as they are with or without an officer picked. */
  private clocksView(
    appeal: Appeal,
    clocks: RegistrationClock[],
    registeredOn: LocalDate,
    assigned: boolean,
  ): ClockDto[] {
    const rows: ClockRow[] = clocks
      .filter((c) => !(assigned && c.unlessAssigned))
      .map((c) => ({
        name: c.name,
        dueDate: c.dueDate,
        dueAt: c.dueAt,
        metAt: null,
        stoppedAt: null,
        late: false,
      }));
    return clocksOf(appeal, rows, registeredOn, this.config.timeZone);
  }
}
