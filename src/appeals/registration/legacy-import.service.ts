import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AppError, type FieldError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import type { RequestContext } from '../../common/http/request-context';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { isUniqueViolationError, violatedTable } from '../../database/pg-errors';
import { DeadlinesService } from '../../sla/deadlines.service';
import { REGISTRATION_DAYS, isLate } from '../../sla/extension.policy';
import { type LocalDate, localDateInZone, yearOf } from '../../common/time/local-date';
import type { AppealDraft } from '../appeal-draft';
import { toAppealDto, type AppealDto } from '../appeal.dto';
import { OPEN_STATUSES } from '../appeal-status';
import { cappedDueDate } from '../authority-control';
import { AppealClock } from '../clocks/appeal-clock.entity';
import { clocksOf, type ClockRow } from '../clocks/clock.dto';
import { Appeal } from '../appeal.entity';
import type { AnswerOutcome, AppealStatus, RejectionReason } from '../appeal.enums';
import { historyEvent } from '../history-event';
import { parseRegNumber } from '../reg-number';
import { AppealPlacement, fieldsFromDraft } from './appeal-placement';

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

/** Appeals of the previous system, with their own numbers, dates and outcomes (SPEC §13). */
@Injectable()
export class LegacyImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly placement: AppealPlacement,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
  ) {}

  /** Legacy import (SPEC §13): all or nothing, original numbers and dates kept. */
  async importLegacy(items: LegacyAppeal[], ctx: RequestContext): Promise<AppealDto[]> {
    const today = localDateInZone(this.clock.now(), this.config.timeZone);
    const prepared: {
      item: LegacyAppeal;
      departmentId: string | null;
      registeredOn: LocalDate;
      dueDate: LocalDate;
      dueDateProvisional: boolean;
    }[] = [];
    for (const item of items) {
      const topic = await this.placement.topic(item.draft.topicCode);
      const registeredOn = localDateInZone(item.registeredAt, this.config.timeZone);
      // The previous system's own date is kept as it is; ours may lean on the provisional calendar.
      const computed = item.dueDate
        ? null
        : await this.deadlines.deadlineFor(registeredOn, item.draft.kind, topic);
      prepared.push({
        item,
        departmentId: await this.placement.departmentFor(topic),
        registeredOn,
        dueDate: item.dueDate ?? computed!.dueDate,
        dueDateProvisional: computed?.provisional ?? false,
      });
    }
    const importedAt = this.clock.now();
    try {
      return await this.ds.transaction(async (em) => {
        const out: AppealDto[] = [];
        for (const { item, departmentId, registeredOn, dueDate, dueDateProvisional } of prepared) {
          const parsed = parseRegNumber(this.config.regNumberTemplate, item.regNumber);
          const regYear = parsed?.year ?? yearOf(registeredOn);
          if (parsed) await this.raiseCounter(em, regYear, parsed.seq);
          const appeal = em.create(Appeal, {
            ...fieldsFromDraft(item.draft, item.validationIssues),
            regNumber: item.regNumber,
            regYear,
            regSeq: parsed?.seq ?? null,
            status: item.status,
            receivedAt: item.draft.receivedAt ?? item.registeredAt,
            registeredAt: item.registeredAt,
            // SPEC §6: an authority's control date caps the term (imports start no other clock).
            dueDate: cappedDueDate(dueDate, item.draft.authorityControl),
            termDueDate: item.draft.authorityControl ? dueDate : null,
            dueDateProvisional,
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
          await em.save(
            historyEvent(appeal.id, ctx.principal, {
              type: 'imported',
              toStatus: item.status,
              at: importedAt,
              data: { registeredAt: item.registeredAt.toISOString(), regNumber: item.regNumber },
            }),
          );
          const clocks: ClockRow[] = [];
          const control = item.draft.authorityControl;
          if (control && OPEN_STATUSES.includes(item.status)) {
            const row = em.create(AppealClock, {
              appealId: appeal.id,
              name: 'authority_control',
              dueDate: control.controlDate,
              startedAt: importedAt,
              startedBy: null,
              metAt: null,
              stoppedAt: null,
              overdueAt: null,
              late: false,
            });
            await em.insert(AppealClock, row);
            clocks.push(row);
          }
          out.push(
            toAppealDto(
              appeal,
              today,
              [],
              [],
              clocksOf(appeal, clocks, today, this.config.timeZone),
            ),
          );
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

  /** An imported number of our own format moves the counter past it, so it is never reissued. */
  private async raiseCounter(em: EntityManager, year: number, seq: number): Promise<void> {
    await em.query(
      `INSERT INTO reg_counters (year, last_seq) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_seq = GREATEST(reg_counters.last_seq, EXCLUDED.last_seq)`,
      [year, seq],
    );
  }
}
