import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppealDto, etagOf } from '../appeals/appeal.dto';
import { AppealsService } from '../appeals/appeals.service';
import { AllowClients, Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateAppealDto } from '../intake/create-appeal.dto';
import { AcceptAppealDto, RejectAppealDto } from './review.dto';
import { RulesCheckResultDto } from './rules-check.dto';
import { ReviewService } from './review.service';
import { RulesCheckService, type RulesCheckResult } from './rules-check.service';

@ApiTags('rules')
@ApiBearerAuth()
@Controller()
export class RulesController {
  constructor(
    private readonly check: RulesCheckService,
    private readonly review: ReviewService,
    private readonly appeals: AppealsService,
  ) {}

  /** Dry run: what the rules would say about a draft; nothing is stored (SPEC §4). */
  @Post('rules/check')
  @HttpCode(200)
  @AllowClients()
  @ApiSecurity('api-key')
  @ApiBody({ type: CreateAppealDto })
  @ApiOkResponse({ type: RulesCheckResultDto })
  run(@Body() dto: CreateAppealDto, @Ctx() ctx: RequestContext): Promise<RulesCheckResult> {
    return this.check.run(dto, ctx.principal);
  }

  @Post('appeals/:id/accept')
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
    const appeal = await this.review.accept(id, dto, ctx, ifMatch);
    res.setHeader('ETag', etagOf(appeal));
    return this.appeals.toDto(appeal);
  }

  @Post('appeals/:id/reject')
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
    const appeal = await this.review.reject(id, dto, ctx, ifMatch);
    res.setHeader('ETag', etagOf(appeal));
    return this.appeals.toDto(appeal);
  }
}
