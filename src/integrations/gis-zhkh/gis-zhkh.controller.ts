import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/auth.decorators';
import { ErrorCode } from '../../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../../common/http/openapi';
import type { Page } from '../../common/http/pagination';
import { Ctx, type RequestContext } from '../../common/http/request-context';
import { JobRunDto } from '../../jobs/job-run.dto';
import type { JobRun } from '../../jobs/job-run.entity';
import { JobsService } from '../../jobs/jobs.service';
import { GisOutboxAdminService } from './gis-outbox-admin.service';
import { GisOutboxItemDto, GisOutboxQueryDto } from './gis-outbox.dto';

@ApiTags('integrations')
@ApiBearerAuth()
@Roles('admin')
@Controller('integrations/gis-zhkh')
export class GisZhkhController {
  constructor(
    private readonly jobs: JobsService,
    private readonly outbox: GisOutboxAdminService,
  ) {}

  /** Runs an import/export cycle now (SPEC §14); the recorded run, as GET /jobs/runs shows it. */
  @Post('sync')
  @HttpCode(200)
  @ApiOkResponse({ type: JobRunDto, description: 'the finished run of gis-zhkh-sync' })
  @ApiProblems(ErrorCode.JOB_ALREADY_RUNNING)
  async sync(): Promise<JobRun | null> {
    return this.jobs.run('gis-zhkh-sync', 'manual');
  }

  /** Actions to mirror to ГИС ЖКХ, latest first: codes and identifiers, never the payload. */
  @Get('outbox')
  @ApiItems(GisOutboxItemDto, { paged: true, description: 'one page, latest first' })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@Query() q: GisOutboxQueryDto): Promise<Page<GisOutboxItemDto>> {
    return this.outbox.list(q.status, q.limit, q.cursor);
  }

  /** A held or failed action back to pending (attempts reset), once its cause is fixed. */
  @Post('outbox/:id/release')
  @HttpCode(200)
  @ApiParam({ name: 'id', example: '1042' })
  @ApiOkResponse({ type: GisOutboxItemDto, description: 'the row, now pending' })
  @ApiProblems(ErrorCode.GIS_OUTBOX_NOT_FOUND, ErrorCode.GIS_OUTBOX_NOT_RELEASABLE)
  release(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<GisOutboxItemDto> {
    return this.outbox.release(id, ctx);
  }
}
