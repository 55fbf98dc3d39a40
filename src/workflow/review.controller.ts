import { appealResponse } from './appeal-response';
import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppealDto } from '../appeals/appeal.dto';
import { AppealsService } from '../appeals/appeals.service';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { AcceptAppealDto, RejectAppealDto } from './review.dto';
import { ReviewService } from './review.service';

/** A head's decision on an appeal the rules sent to review (SPEC §4, §14); listed under `rules`. */
@ApiTags('rules')
@ApiBearerAuth()
@Controller('appeals/:id')
export class ReviewController {
  constructor(
    private readonly review: ReviewService,
    private readonly appeals: AppealsService,
  ) {}

  @Post('accept')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  @ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.INVALID_TRANSITION)
  async accept(
    @Param('id', UuidPipe) id: string,
    @Body() dto: AcceptAppealDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.review.accept(id, dto, ctx, ifMatch));
  }

  @Post('reject')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag' })
  @ApiIfMatch()
  @ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.INVALID_TRANSITION)
  async reject(
    @Param('id', UuidPipe) id: string,
    @Body() dto: RejectAppealDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.review.reject(id, dto, ctx, ifMatch));
  }
}
