import { Controller, Get, Query, Req, Res, applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import { Ctx, type RequestContext } from '../common/http/request-context';
import {
  AtRiskQueryDto,
  AtRiskReportDto,
  JournalQueryDto,
  JournalReportDto,
  OverdueQueryDto,
  OverdueReportDto,
  SlaSummaryReportDto,
  SummaryQueryDto,
  TrendsQueryDto,
  TrendsReportDto,
  type ReportFormat,
} from './reports.dto';
import { REPORT_TITLES, ReportsService } from './reports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One answer, three formats: the JSON model, or every row as CSV or XLSX. */
const ApiReport = (model: Type): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description:
        'JSON, or every row as CSV (UTF-8 with BOM, `;`) or XLSX, by `?format=` or Accept',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(model) } },
        'text/csv': { schema: { type: 'string' } },
        [XLSX]: { schema: { type: 'string', format: 'binary' } },
      },
    }),
  );

/** ?format= wins; else the Accept header; else JSON. */
function formatOf(req: Request, asked?: ReportFormat): ReportFormat {
  if (asked) return asked;
  const accept = req.headers.accept ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes(XLSX)) return 'xlsx';
  return 'json';
}

@ApiTags('reports')
@ApiBearerAuth()
@Roles('head', 'supervisor')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('overdue')
  @ApiReport(OverdueReportDto)
  async overdue(
    @Query() q: OverdueQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(
      req,
      res,
      q.format,
      'overdue',
      () => this.reports.overdue(ctx, q),
      (f) => this.reports.export(ctx, 'overdue', q, f, res),
    );
  }

  @Get('at-risk')
  @ApiReport(AtRiskReportDto)
  async atRisk(
    @Query() q: AtRiskQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(
      req,
      res,
      q.format,
      'at-risk',
      () => this.reports.atRisk(ctx, q),
      (f) => this.reports.export(ctx, 'at-risk', q, f, res),
    );
  }

  @Get('sla-summary')
  @ApiReport(SlaSummaryReportDto)
  async summary(
    @Query() q: SummaryQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(
      req,
      res,
      q.format,
      'sla-summary',
      () => this.reports.slaSummary(ctx, q),
      (f) => this.reports.export(ctx, 'sla-summary', q, f, res),
    );
  }

  @Get('trends')
  @ApiReport(TrendsReportDto)
  async trends(
    @Query() q: TrendsQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(
      req,
      res,
      q.format,
      'trends',
      () => this.reports.trends(ctx, q),
      (f) => this.reports.exportTrends(ctx, q, f, res),
    );
  }

  @Get('journal')
  @ApiReport(JournalReportDto)
  async journal(
    @Query() q: JournalQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(
      req,
      res,
      q.format,
      'journal',
      () => this.reports.journalPage(ctx, q),
      (f) => this.reports.export(ctx, 'journal', q, f, res),
    );
  }

  private async send(
    req: Request,
    res: Response,
    asked: ReportFormat | undefined,
    kind: keyof typeof REPORT_TITLES,
    json: () => Promise<unknown>,
    stream: (format: 'csv' | 'xlsx') => Promise<number>,
  ): Promise<void> {
    const format = formatOf(req, asked);
    if (format === 'json') {
      res.json(await json());
      return;
    }
    const name = `${kind}-${new Date().toISOString().slice(0, 10)}.${format}`;
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    await stream(format);
  }
}
