import { Body, Controller, Get, Headers, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppealDto } from '../appeals/appeal.dto';
import { AppealsService } from '../appeals/appeals.service';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiIfMatch, ApiProblems } from '../common/http/openapi';
import { Ctx, type RequestContext } from '../common/http/request-context';
import { UuidPipe } from '../common/http/uuid.pipe';
import { appealResponse } from '../workflow/appeal-response';
import { AgreeInspectionTimeDto, InspectionActInputDto } from './quality-report.dto';
import { QualityReportDto, QualityReportQueryDto } from './quality-report.report';
import { QualityService } from './quality.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The inspection of a quality-violation report (ПП 354 п. 108–110; docs/quality-reports.md). */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiProblems(ErrorCode.APPEAL_NOT_FOUND, ErrorCode.INVALID_TRANSITION)
@Controller('appeals/:id')
export class InspectionController {
  constructor(
    private readonly quality: QualityService,
    private readonly appeals: AppealsService,
  ) {}

  @Put('inspection-time')
  @Roles('officer', 'head', 'supervisor')
  @ApiOkResponse({ type: AppealDto, description: 'the inspection clock is due at agreedFor' })
  @ApiIfMatch()
  async agree(
    @Param('id', UuidPipe) id: string,
    @Body() dto: AgreeInspectionTimeDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(
      res,
      this.appeals,
      await this.quality.agreeInspectionTime(id, dto, ctx, ifMatch),
    );
  }

  @Post('inspection-act')
  @Roles('officer', 'head', 'supervisor')
  @ApiCreatedResponse({ type: AppealDto, description: 'the act recorded; the clock met' })
  @ApiIfMatch()
  async act(
    @Param('id', UuidPipe) id: string,
    @Body() dto: InspectionActInputDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppealDto> {
    return appealResponse(res, this.appeals, await this.quality.recordAct(id, dto, ctx, ifMatch));
  }
}

/** GET /reports/quality: what billing recalculates from (ПП 354 п. 111–113). */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('head', 'supervisor')
@Controller('reports')
export class QualityReportsController {
  constructor(private readonly quality: QualityService) {}

  @Get('quality')
  @ApiExtraModels(QualityReportDto)
  @ApiOkResponse({
    description:
      'quality-violation reports of the period by service and house with confirmed durations: ' +
      'JSON, or every row as CSV (UTF-8 with BOM, `;`) or XLSX, by `?format=` or Accept',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(QualityReportDto) } },
      'text/csv': { schema: { type: 'string' } },
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async report(
    @Query() q: QualityReportQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const accept = req.headers.accept ?? '';
    const format =
      q.format ?? (accept.includes('text/csv') ? 'csv' : accept.includes(XLSX) ? 'xlsx' : 'json');
    if (format === 'json') {
      res.json(await this.quality.report(ctx, q));
      return;
    }
    const name = `quality-${new Date().toISOString().slice(0, 10)}.${format}`;
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    await this.quality.export(ctx, q, format, res);
  }
}
