import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ListQueryDto, decodeCursor } from '../common/http/pagination';
import type { JobRun } from './job-run.entity';
import { JobsService } from './jobs.service';

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
  async run(@Param('name') name: string): Promise<ReturnType<typeof toRunDto> | null> {
    const run = await this.jobs.run(name, 'manual');
    return run ? toRunDto(run) : null;
  }

  @Get('runs')
  async runs(
    @Query() q: ListQueryDto,
  ): Promise<{ items: ReturnType<typeof toRunDto>[]; nextCursor: string | null }> {
    const before = q.cursor ? decodeCursor(q.cursor, ['i']).i : undefined;
    const page = await this.jobs.recent(q.limit, before);
    return { items: page.items.map(toRunDto), nextCursor: page.nextCursor };
  }
}
