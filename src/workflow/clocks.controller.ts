import { appealResponse } from './appeal-response';
import { Body, Controller, Delete, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppealDto } from '../appeals/appeal.dto';
import { AppealsService } from '../appeals/appeals.service';
import { AuthorityControlDto } from '../appeals/authority-control';
import { RAISABLE_CLOCKS } from '../appeals/clocks/clock.registry';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ClockCommentDto } from './clocks.dto';
import { ClocksService } from './clocks.service';

const CLOCK_PARAM = {
  name: 'name',
  enum: RAISABLE_CLOCKS,
  description: 'a seven-day clock a person starts or stops (docs/sla.md «Clocks»)',
};

/** An appeal's legal clocks by hand (SPEC §6, issue 19): an authority's control, the 7-day questions. */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.INVALID_TRANSITION)
@Controller('appeals/:id')
export class ClocksController {
  constructor(
    private readonly clocks: ClocksService,
    private readonly appeals: AppealsService,
  ) {}

  @Put('authority-control')
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag; dueDate capped' })
  @ApiIfMatch()
  async setAuthorityControl(
    @Param('id', UuidPipe) id: string,
    @Body() dto: AuthorityControlDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(
      res,
      this.appeals,
      await this.clocks.setAuthorityControl(id, dto, ctx, ifMatch),
    );
  }

  @Delete('authority-control')
  @Roles('head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag; dueDate back to the term' })
  @ApiIfMatch()
  async clearAuthorityControl(
    @Param('id', UuidPipe) id: string,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(
      res,
      this.appeals,
      await this.clocks.clearAuthorityControl(id, ctx, ifMatch),
    );
  }

  @Put('clocks/:name')
  @Roles('officer', 'head', 'supervisor')
  @ApiParam(CLOCK_PARAM)
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag; the clock runs' })
  @ApiIfMatch()
  async raise(
    @Param('id', UuidPipe) id: string,
    @Param('name') name: string,
    @Body() dto: ClockCommentDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.clocks.raise(id, name, dto, ctx, ifMatch));
  }

  @Delete('clocks/:name')
  @Roles('officer', 'head', 'supervisor')
  @ApiParam(CLOCK_PARAM)
  @ApiOkResponse({ type: AppealDto, description: 'with its new ETag; the clock stopped' })
  @ApiIfMatch()
  async withdraw(
    @Param('id', UuidPipe) id: string,
    @Param('name') name: string,
    @Body() dto: ClockCommentDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(
      res,
      this.appeals,
      await this.clocks.withdraw(id, name, dto, ctx, ifMatch),
    );
  }
}
