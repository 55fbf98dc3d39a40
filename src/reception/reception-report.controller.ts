import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../common/auth/auth.decorators';
import { ReceptionReportDto, ReceptionReportQueryDto } from './reception.dto';
import { ReceptionReportService } from './reception-report.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The reception journal, beside the other reports (issue 22, item 4). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReceptionReportController {
  constructor(private readonly report: ReceptionReportService) {}

  @Get('reception')
  @Roles('head', 'supervisor', 'admin')
  @ApiExtraModels(ReceptionReportDto)
  @ApiOkResponse({
    description: 'JSON, or every row as CSV (UTF-8 with BOM, `;`) or XLSX, by `?format=` or Accept',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReceptionReportDto) } },
      'text/csv': { schema: { type: 'string' } },
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async reception(
    @Query() q: ReceptionReportQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const accept = req.headers.accept ?? '';
    const format =
      q.format ?? (accept.includes('text/csv') ? 'csv' : accept.includes(XLSX) ? 'xlsx' : 'json');
    if (format === 'json') {
      res.json(await this.report.journal(q));
      return;
    }
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="reception-${q.from}-${q.to}.${format}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    await this.report.export(q, format, res);
  }
}
