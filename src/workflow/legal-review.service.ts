import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertIfMatch } from '../appeals/appeal.dto';
import type { Appeal } from '../appeals/appeal.entity';
import { AppealsService } from '../appeals/appeals.service';
import { AuditService } from '../audit/audit.service';
import { managesDepartment } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import type { RequestContext } from '../common/http/request-context';
import type { LegalReviewDto } from './legal-review.dto';

/**
 * The legal department's mark (SPEC §4): «false information» and «incitement», named in the
 * company's own rules, are not grounds to leave an appeal unanswered (59-ФЗ ст. 11 lists those
 * exhaustively), so the appeal is still considered as usual — a head of its department or a
 * supervisor only marks it for the lawyers to read (`legalReview`, a list filter). Any status:
 * the mark is not a lifecycle step, and what the lawyers look at may surface after the answer.
 * Marking a marked appeal (or clearing a clear one) changes nothing.
 */
@Injectable()
export class LegalReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly appeals: AppealsService,
    private readonly audit: AuditService,
  ) {}

  mark(id: string, dto: LegalReviewDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, true, dto, ctx, ifMatch);
  }

  clear(id: string, dto: LegalReviewDto, ctx: RequestContext, ifMatch?: string): Promise<Appeal> {
    return this.change(id, false, dto, ctx, ifMatch);
  }

  private change(
    id: string,
    legalReview: boolean,
    dto: LegalReviewDto,
    ctx: RequestContext,
    ifMatch: string | undefined,
  ): Promise<Appeal> {
    return this.ds.transaction(async (em) => {
      const appeal = await this.appeals.getForUpdate(em, id, ctx);
      assertIfMatch(ifMatch, appeal);
      if (!managesDepartment(ctx.principal, appeal.departmentId)) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Для юридического отдела обращение отмечает руководитель его подразделения или супервизор',
        );
      }
      if (appeal.legalReview === legalReview) return appeal;
      const reason =
        dto.comment?.trim() ||
        (legalReview ? 'Передано на проверку юридическому отделу' : 'Проверка юристами снята');
      await this.appeals.setLegalReview(em, appeal, legalReview, ctx.principal, reason);
      await this.audit.record(
        ctx,
        legalReview ? 'appeal.legal_review.set' : 'appeal.legal_review.clear',
        'appeal',
        appeal.id,
        null,
        em,
      );
      return appeal;
    });
  }
}
