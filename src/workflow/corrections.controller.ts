import { appealResponse } from './appeal-response';
import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppealDto } from '../appeals/appeal.dto';
import { AppealsService } from '../appeals/appeals.service';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CorrectAppealDto } from './correction.dto';
import { CorrectionsService } from './corrections.service';

/**
 * Corrections of an appeal's registration data (issue 20, item 6): a head of its department, a
 * supervisor, or the clerk who registered it while nobody is assigned.
 */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND)
@Controller('appeals')
export class CorrectionsController {
  constructor(
    private readonly corrections: CorrectionsService,
    private readonly appeals: AppealsService,
  ) {}

  @Patch(':id')
  @Roles('head', 'supervisor', 'clerk')
  @ApiOkResponse({
    type: AppealDto,
    description:
      'with its new ETag; a topic change re-routes, a kind or topic change recomputes dueDate',
  })
  @ApiProblems(ErrorCode.INVALID_TRANSITION)
  @ApiIfMatch()
  async correct(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CorrectAppealDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.corrections.correct(id, dto, ctx, ifMatch));
  }
}
