import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import { OPEN_STATUSES } from '../appeals/appeal-status';
import type { Appeal, Applicant } from '../appeals/appeal.entity';
import { AppealsService, type CorrectableFields } from '../appeals/appeals.service';
import { toCoApplicants } from '../appeals/co-applicant';
import { checkIncomingLetter, toIncomingLetter } from '../appeals/incoming-letter';
import { AppealPlacement } from '../appeals/registration/appeal-placement';
import { AssignmentService } from '../assignment/assignment.service';
import { AuditService } from '../audit/audit.service';
import { hasRole, managesDepartment, type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import {
  clean,
  cleanName,
  normalizeAccountNumber,
  normalizeAddress,
  normalizeApplicantName,
  normalizeEmail,
} from '../common/normalize';
import { stableStringify } from '../common/stable-json';
import type { Topic } from '../departments/topic.entity';
import { CalendarService } from '../sla/calendar.service';
import { DeadlinesService } from '../sla/deadlines.service';
import { extendedDueDate } from '../sla/extension.policy';
import { checkQualityReportFor, toQualityReport } from '../quality/quality-report.policy';
import { recheckAttributes } from './correction-attributes';
import type { CorrectAppealDto } from './correction.dto';

const APPLICANT_NAME_FIELDS = [
  'lastName',
  'firstName',
  'middleName',
  'organizationName',
  'contactPerson',
] as const;
const APPLICANT_PLAIN_FIELDS = ['inn', 'ogrn', 'postalAddress', 'email', 'phone'] as const;

const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b);

/**
 * Corrections of what registration recorded (issue 20, item 6; PATCH /appeals/{id}): kind, topic,
 * applicant (its ОГРН too), addresses, account, the sender's letter, the co-applicants, a quality
 * report's data (its agreed time and act kept). Who: a head of the appeal's department or a
 * supervisor; the clerk who registered it while nobody is assigned. Only open appeals: a closed
 * case's record is what was answered. Each changed field is a `corrected` history event
 * with its old and new value; the identity keys of the duplicate rules follow the fields. A topic
 * change re-routes (the new topic's department; an assignee from another department hands the
 * appeal back to the new department's queue and auto-assignment); a kind or topic change
 * recomputes the due date from the registration date under the policies that now apply
 * (SPEC §6), approved extensions replayed on it and an authority's control date still capping it.
 * The registration number never changes.
 */
@Injectable()
export class CorrectionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly appeals: AppealsService,
    private readonly assignment: AssignmentService,
    private readonly placement: AppealPlacement,
    private readonly deadlines: DeadlinesService,
    private readonly calendars: CalendarService,
    private readonly audit: AuditService,
  ) {}

  correct(
    id: string,
    dto: CorrectAppealDto,
    ctx: RequestContext,
    ifMatch: string | undefined,
  ): Promise<Appeal> {
    const today = this.appeals.today();
    if (dto.incomingLetter) {
      const errors = checkIncomingLetter(dto.incomingLetter, today, 'incomingLetter');
      if (errors.length > 0) throw AppError.validation(errors);
    }
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, id, ctx);
      assertIfMatch(ifMatch, appeal);
      this.assertMayCorrect(ctx.principal, appeal);
      if (!OPEN_STATUSES.includes(appeal.status)) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `Обращение в статусе «${appeal.status}» закрыто: его регистрационные данные не исправляются`,
          undefined,
          { from: appeal.status },
        );
      }
      if (dto.qualityReport !== undefined) {
        // As on create, against the kind the appeal will have; a staff member's correction is
        // interactive, so a missing report is a 422 here, not a gap.
        const quality = checkQualityReportFor(dto.kind ?? appeal.kind, dto.qualityReport);
        const errors = [...quality.structural, ...quality.gaps];
        if (errors.length > 0) throw AppError.validation(errors);
      }
      const { set, changes } = this.diff(appeal, dto);
      const topicChanged = dto.topicCode !== undefined && set.topicCode !== undefined;
      let topic: Topic | null = null;
      if (topicChanged || (set.kind !== undefined && appeal.topicCode)) {
        topic = await this.placement.topic(set.topicCode ?? appeal.topicCode);
      }
      if (topicChanged) {
        const departmentId = await this.placement.departmentFor(topic);
        if (departmentId !== appeal.departmentId) {
          set.departmentId = departmentId;
          changes.push({ field: 'departmentId', from: appeal.departmentId, to: departmentId });
        }
        // The stored attributes against the new topic: never refused, the misfits recorded.
        const recheck = recheckAttributes(
          appeal,
          topic,
          set.validationIssues ?? appeal.validationIssues ?? [],
        );
        Object.assign(set, recheck.set);
        changes.push(...recheck.changes);
      }
      if (changes.length === 0) return appeal;
      const reason = dto.reason?.trim() || 'Исправление регистрационных данных';
      const term =
        set.kind !== undefined || topicChanged
          ? await this.recomputedTerm(em, appeal, set.kind ?? appeal.kind, topic)
          : null;
      if (term) set.slaPolicyId = term.policyId;
      const leaving =
        set.departmentId !== undefined && appeal.assigneeId !== null
          ? !(await this.inDepartment(em, appeal.assigneeId, set.departmentId))
          : false;
      const { departmentId, ...fields } = set;
      // An assignee of another department: the appeal goes back to the new department's queue
      // in the same step as its department changes (the transition table says from where).
      await this.appeals.correct(
        em,
        appeal,
        leaving ? fields : set,
        changes,
        ctx.principal,
        reason,
      );
      if (leaving) {
        await this.appeals.changeStatus(
          em,
          appeal,
          'registered',
          ctx.principal,
          'Тематика изменена: обращение передано в другое подразделение',
          { departmentId: departmentId ?? null, previousAssigneeId: appeal.assigneeId },
          { departmentId: departmentId ?? null, assigneeId: null },
        );
      }
      if (term && term.dueDate !== (appeal.termDueDate ?? appeal.dueDate)) {
        await this.appeals.setDueDate(
          em,
          appeal,
          term.dueDate,
          ctx.principal,
          'Срок пересчитан после исправления вида или тематики обращения',
          { kind: appeal.kind, topicCode: appeal.topicCode, policyId: term.policyId },
          { provisional: term.provisional },
        );
      }
      if (set.departmentId !== undefined) await this.assignment.autoAssign(em, appeal);
      await this.audit.record(
        ctx,
        'appeal.correct',
        'appeal',
        appeal.id,
        { fields: changes.map((c) => c.field) },
        em,
      );
      return appeal;
    });
  }

  private assertMayCorrect(p: Principal, appeal: Appeal): void {
    if (hasRole(p, 'head', 'supervisor') && managesDepartment(p, appeal.departmentId)) return;
    const registeredIt =
      p.kind === 'user' &&
      hasRole(p, 'clerk') &&
      appeal.createdByUserId === p.id &&
      appeal.assigneeId === null;
    if (registeredIt) return;
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'Исправить обращение может руководитель его подразделения, супервизор или ' +
        'зарегистрировавший его сотрудник, пока исполнитель не назначен',
    );
  }

  /** The fields that really change, cleaned as intake cleans them, with their identity keys. */
  private diff(
    appeal: Appeal,
    dto: CorrectAppealDto,
  ): { set: CorrectableFields; changes: { field: string; from: unknown; to: unknown }[] } {
    const set: CorrectableFields = {};
    const changes: { field: string; from: unknown; to: unknown }[] = [];
    const change = <K extends keyof CorrectableFields>(
      field: K,
      from: CorrectableFields[K],
      to: CorrectableFields[K],
    ): void => {
      if (same(from, to)) return;
      set[field] = to;
      changes.push({ field, from: from ?? null, to: to ?? null });
    };
    if (dto.kind !== undefined) change('kind', appeal.kind, dto.kind);
    if (dto.topicCode !== undefined) change('topicCode', appeal.topicCode, clean(dto.topicCode));
    if (dto.accountNumber !== undefined) {
      change('accountNumber', appeal.accountNumber, clean(dto.accountNumber));
    }
    if (dto.serviceAddress !== undefined) {
      change('serviceAddress', appeal.serviceAddress, clean(dto.serviceAddress));
    }
    if (dto.incomingLetter !== undefined) {
      change('incomingLetter', appeal.incomingLetter, toIncomingLetter(dto.incomingLetter));
    }
    if (dto.coApplicants !== undefined) {
      change('coApplicants', appeal.coApplicants ?? [], toCoApplicants(dto.coApplicants));
    }
    if (dto.qualityReport !== undefined) {
      // What the consumer reported; the agreed time and the act stay with it.
      const current = appeal.qualityReport ?? null;
      change(
        'qualityReport',
        current,
        dto.qualityReport ? toQualityReport(dto.qualityReport, current) : null,
      );
    }
    if (dto.applicant) {
      const given = dto.applicant;
      const next: Applicant = { ...appeal.applicant };
      if (given.type !== undefined) next.type = given.type;
      for (const f of APPLICANT_NAME_FIELDS) {
        if (given[f] !== undefined) next[f] = cleanName(given[f]);
      }
      for (const f of APPLICANT_PLAIN_FIELDS) {
        if (given[f] !== undefined) next[f] = clean(given[f]);
      }
      change('applicant', { ...appeal.applicant }, next);
    }
    // The duplicate rules' identity keys (to-draft.ts), recomputed from what the appeal now says.
    const applicant = set.applicant ?? appeal.applicant;
    if (set.applicant) {
      set.applicantEmailNorm = normalizeEmail(applicant.email);
      set.applicantNameNorm = normalizeApplicantName(applicant);
    }
    if ('accountNumber' in set) set.accountNumberNorm = normalizeAccountNumber(set.accountNumber);
    if ('serviceAddress' in set) set.serviceAddressNorm = normalizeAddress(set.serviceAddress);
    return { set, changes };
  }

  /**
   * The term as registration would have computed it under the kind and topic now given (SPEC §6:
   * the earliest applicable policy, from the registration date), with the approved extensions
   * replayed in the order they were granted. Null for an appeal without a term of its own or
   * whose date is not ours (a legacy import: no policy).
   */
  private async recomputedTerm(
    em: EntityManager,
    appeal: Appeal,
    kind: Appeal['kind'],
    topic: Topic | null,
  ): Promise<{ dueDate: string; provisional: boolean; policyId: string } | null> {
    if (appeal.dueDate === null || appeal.slaPolicyId === null) return null;
    const deadline = await this.deadlines.deadlineFor(
      this.appeals.registeredOn(appeal),
      kind,
      topic,
    );
    const extensions = await em.query<{ days: number }[]>(
      `SELECT days FROM appeal_extensions WHERE appeal_id = $1 AND status = 'approved'
        ORDER BY decided_at NULLS LAST, requested_at`,
      [appeal.id],
    );
    const calendar = await this.calendars.getCalendar();
    const { value: dueDate, provisionalYears } = calendar.track((c) =>
      extensions.reduce(
        (due, e) => extendedDueDate(due, e.days, deadline.policy, c),
        deadline.dueDate,
      ),
    );
    return {
      dueDate,
      provisional: deadline.provisional || provisionalYears.length > 0,
      policyId: deadline.policyId,
    };
  }

  private async inDepartment(
    em: EntityManager,
    userId: string,
    departmentId: string | null,
  ): Promise<boolean> {
    if (departmentId === null) return false;
    const rows = await em.query<unknown[]>(
      'SELECT 1 FROM users WHERE id = $1 AND department_id = $2',
      [userId, departmentId],
    );
    return rows.length > 0;
  }
}
