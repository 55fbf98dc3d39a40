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
import { ReturnAnswerDto } from './answer-sign-off.dto';
import { AnswerSignOffService } from './answer-sign-off.service';

/** Sign-off of a draft answer (issue 20): the department's head or a supervisor. */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.INVALID_TRANSITION, ErrorCode.FORBIDDEN)
@Controller('appeals/:id/answer')
export class AnswerSignOffController {
  constructor(
    private readonly signOff: AnswerSignOffService,
    private readonly appeals: AppealsService,
  ) {}

  @Post('approve')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'answered and dispatched, with its new ETag' })
  @ApiIfMatch()
  async approve(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.signOff.approve(id, ctx, ifMatch));
  }

  @Post('return')
  @HttpCode(200)
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'back in progress, with its new ETag' })
  @ApiIfMatch()
  async returnDraft(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ReturnAnswerDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.signOff.returnDraft(id, dto, ctx, ifMatch));
  }
}
