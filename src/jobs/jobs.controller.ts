import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiItems, ApiProblems } from '../common/http/openapi';
import { ListQueryDto, decodeCursor } from '../common/http/pagination';
import { JobRunDto } from './job-run.dto';
import type { JobRun } from './job-run.entity';
import { JOB_NAMES, JobsService } from './jobs.service';

const toRunDto = (r: JobRun) => ({
  id: r.id,
  job: r.job,
  trigger: r.trigger,
  instance: r.instance,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  status: r.status,
  counts: r.counts,
  error: r.error,
});

@ApiTags('jobs')
@ApiBearerAuth()
@Roles('admin')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post(':name/run')
  @HttpCode(200)
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @ApiOkResponse({ type: JobRunDto, description: 'the finished run' })
  @ApiProblems(ErrorCode.JOB_NOT_FOUND, ErrorCode.JOB_ALREADY_RUNNING)
  async run(@Param('name') name: string): Promise<ReturnType<typeof toRunDto> | null> {
    const run = await this.jobs.run(name, 'manual');
    return run ? toRunDto(run) : null;
  }

  @Get('runs')
  @ApiItems(JobRunDto, { paged: true, description: 'one page, latest first' })
  async runs(
    @Query() q: ListQueryDto,
  ): Promise<{ items: ReturnType<typeof toRunDto>[]; nextCursor: string | null }> {
    const before = q.cursor ? decodeCursor(q.cursor, ['i']).i : undefined;
    const page = await this.jobs.recent(q.limit, before);
    return { items: page.items.map(toRunDto), nextCursor: page.nextCursor };
  }
}
