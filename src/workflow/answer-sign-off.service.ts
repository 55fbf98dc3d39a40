import { coApplicantsLine } from '../appeals/co-applicant';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AnswerSignature } from '../appeals/answer-signature';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import type { AnswerOutcome } from '../appeals/appeal.enums';
import { AppealsService } from '../appeals/appeals.service';
import { AssignmentService } from '../assignment/assignment.service';
import { tooManyFiles } from '../attachments/attachment-errors';
import { AttachmentsService, type IncomingFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { managesDepartment, type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { NotificationsService } from '../notifications/notifications.service';
import type { ReturnAnswerDto } from './answer-sign-off.dto';
import type { AnswerAppealDto } from './workflow.dto';

/**
 * The answer and its sign-off (issue 20; 59-ФЗ ст. 10 ч. 4: the answer is signed by the head or
 * an authorised person). In a department with `answerApproval` an officer's answer is a draft
 * (`answer_review`, nothing sent) until the department's head or a supervisor approves it — then
 * it is dispatched, signed by them — or returns it (`in_progress`). Someone who may sign answers
 * at once, signed. Elsewhere the answer is dispatched unsigned, as before. The legal term is met
 * by the dispatch (the `answered` status), never by the draft.
 */
@Injectable()
export class AnswerSignOffService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly assignment: AssignmentService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly attachments: AttachmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `POST /appeals/{id}/answer`, in WorkflowService's transaction (the appeal locked). `files`
   * become the answer's (`purpose = 'answer'`): kept with a draft — and after a return, for the
   * next answer — and sent with the dispatch. A refusal rolls them back to staging, which the
   * upload interceptor deletes.
   */
  async answer(
    em: EntityManager,
    appeal: Appeal,
    dto: AnswerAppealDto,
    p: Principal,
    files: IncomingFile[] = [],
  ) {
    const isAssignee = p.kind === 'user' && appeal.assigneeId === p.id;
    if (!isAssignee) this.assignment.assertManages(p, appeal);
    if (files.length > 0) {
      // The same limit as the applicant's files (SPEC §9), over all of the answer's files.
      const existing = (await this.attachments.answerFiles(em, appeal.id)).length;
      if (existing + files.length > this.config.attachments.maxFiles) {
        throw tooManyFiles(this.config.attachments.maxFiles, existing);
      }
      await this.attachments.store(em, appeal.id, files, p, 'answer');
    }
    if (!(await this.needsSignOff(em, appeal))) {
      await this.dispatch(em, appeal, p, dto.text, dto.outcome, null);
    } else if (managesDepartment(p, appeal.departmentId)) {
      await this.dispatch(em, appeal, p, dto.text, dto.outcome, await this.signer(em, p));
    } else {
      await this.appeals.changeStatus(
        em,
        appeal,
        'answer_review',
        p,
        null,
        { outcome: dto.outcome, answerText: dto.text },
        { answerText: dto.text, answerOutcome: dto.outcome, answeredAt: null },
      );
    }
  }

  /** `POST /appeals/{id}/answer/approve`: the draft dispatched, signed by the approver. */
  approve(id: string, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'answer_approve', async (em, appeal, p) => {
      await this.dispatch(
        em,
        appeal,
        p,
        appeal.answerText!,
        appeal.answerOutcome!,
        await this.signer(em, p),
      );
    });
  }

  /** `POST /appeals/{id}/answer/return`: back to the officer; the draft stays in history. */
  returnDraft(
    id: string,
    dto: ReturnAnswerDto,
    ctx: RequestContext,
    ifMatch?: string,
  ): Promise<Appeal> {
    return this.change(id, ctx, ifMatch, 'answer_return', async (em, appeal, p) => {
      await this.appeals.changeStatus(
        em,
        appeal,
        'in_progress',
        p,
        dto.comment,
        { returnedAnswer: appeal.answerText, outcome: appeal.answerOutcome },
        { answerText: null, answerOutcome: null },
      );
    });
  }

  /**
   * The answer handed over for dispatch through the reply channel: e-mail via the outbox, a
   * numbered letter for post, the ГИС ЖКХ queue (its mirror follows the `answered` event).
   * answeredAt is that moment (SPEC §7).
   */
  private async dispatch(
    em: EntityManager,
    appeal: Appeal,
    p: Principal,
    text: string,
    outcome: AnswerOutcome,
    signedBy: AnswerSignature | null,
  ): Promise<void> {
    await this.appeals.changeStatus(
      em,
      appeal,
      'answered',
      p,
      null,
      { outcome, ...(signedBy ? { signedBy: { ...signedBy } } : {}) },
      {
        answerText: text,
        answerOutcome: outcome,
        answeredAt: this.clock.now(),
        answerSignedBy: signedBy,
      },
    );
    const files = await this.attachments.answerFiles(em, appeal.id);
    const registeredOn = this.appeals.registeredOn(appeal);
    // A collective appeal (59-ФЗ ст. 4 п. 1): the answer names its co-applicants, and each
    // co-applicant with an e-mail gets a copy.
    const context = {
      answerText: text,
      signedBy,
      coApplicants: coApplicantsLine(appeal.coApplicants ?? []),
    };
    await this.notifications.enqueue(em, appeal, 'answer', context, registeredOn, files);
    await this.notifications.enqueueCoApplicantCopies(em, appeal, context, registeredOn, files);
  }

  private async needsSignOff(em: EntityManager, appeal: Appeal): Promise<boolean> {
    if (!appeal.departmentId) return false;
    const [d] = await em.query<{ answer_approval: boolean }[]>(
      'SELECT answer_approval FROM departments WHERE id = $1',
      [appeal.departmentId],
    );
    return d?.answer_approval ?? false;
  }

  /** The signer as at this moment: a later rename does not rewrite a sent answer. */
  private async signer(em: EntityManager, p: Principal): Promise<AnswerSignature> {
    const [u] = await em.query<{ id: string; full_name: string; position: string | null }[]>(
      'SELECT id, full_name, position FROM users WHERE id = $1',
      [p.kind === 'user' ? p.id : null],
    );
    if (!u) throw new AppError(ErrorCode.FORBIDDEN, 'Подписать ответ может только сотрудник');
    return { userId: u.id, fullName: u.full_name, position: u.position };
  }

  /** A step on a draft: its manager only (403), a draft only (409), If-Match, audited. */
  private change(
    id: string,
    ctx: RequestContext,
    ifMatch: string | undefined,
    action: string,
    fn: (em: EntityManager, appeal: Appeal, p: Principal) => Promise<void>,
  ): Promise<Appeal> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, id, ctx);
      assertIfMatch(ifMatch, appeal);
      this.assignment.assertManages(ctx.principal, appeal);
      if (appeal.status !== 'answer_review') {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          'Ответ не ожидает подписания: утвердить или вернуть можно только проект ответа',
          undefined,
          { from: appeal.status, to: action === 'answer_approve' ? 'answered' : 'in_progress' },
        );
      }
      await fn(em, appeal, ctx.principal);
      await this.audit.record(ctx, `appeal.${action}`, 'appeal', appeal.id, null, em);
      return appeal;
    });
  }
}
