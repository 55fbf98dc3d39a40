import { appealResponse } from './appeal-response';
import { Body, Controller, Delete, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppealDto } from '../appeals/appeal.dto';
import { AppealsService } from '../appeals/appeals.service';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { LegalReviewDto } from './legal-review.dto';
import { LegalReviewService } from './legal-review.service';

/** The legal department's mark on an appeal (SPEC §4): a head of its department or a supervisor. */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
@Controller('appeals/:id/legal-review')
export class LegalReviewController {
  constructor(
    private readonly legalReview: LegalReviewService,
    private readonly appeals: AppealsService,
  ) {}

  @Put()
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag; legalReview: true' })
  @ApiIfMatch()
  async mark(
    @Param('id', UuidPipe) id: string,
    @Body() dto: LegalReviewDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.legalReview.mark(id, dto, ctx, ifMatch));
  }

  @Delete()
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag; legalReview: false' })
  @ApiIfMatch()
  async clear(
    @Param('id', UuidPipe) id: string,
    @Body() dto: LegalReviewDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.legalReview.clear(id, dto, ctx, ifMatch));
  }
}
