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
import { Ctx, type RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { AuditEventDto, AuditQueryDto, type AuditFormat } from './audit-events.dto';
import { AuditLogService } from './audit-log.service';

/** The audit log (152-ФЗ, 59-ФЗ ст. 6) for admins and supervisors; reading it is audited. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('audit-events')
export class AuditEventsController {
  constructor(
    private readonly log: AuditLogService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiExtraModels(AuditEventDto)
  @ApiOkResponse({
    description:
      'one page, newest first; or every matching event as CSV (UTF-8 with BOM, `;`) by ' +
      '`?format=csv` or Accept: text/csv',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: { $ref: getSchemaPath(AuditEventDto) } },
            nextCursor: {
              type: 'string',
              nullable: true,
              description: 'pass it back as `cursor` for the next page; null on the last',
            },
          },
        },
      },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async list(
    @Query() q: AuditQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (formatOf(req, q.format) === 'json') {
      res.json(await this.log.page(q, ctx));
      return;
    }
    await this.log.exportCsv(q, ctx, res, () => {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="audit-${this.clock.now().toISOString().slice(0, 10)}.csv"`,
      );
      res.setHeader('Cache-Control', 'no-store');
    });
  }
}

/** ?format= wins; else the Accept header; else JSON (as the reports). */
function formatOf(req: Request, asked?: AuditFormat): AuditFormat {
  if (asked) return asked;
  return (req.headers.accept ?? '').includes('text/csv') ? 'csv' : 'json';
}
