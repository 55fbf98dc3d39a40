import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/auth.decorators';
import { ErrorCode } from '../../common/errors/error-codes';
import { ApiProblems } from '../../common/http/openapi';
import { JobRunDto } from '../../jobs/job-run.dto';
import type { JobRun } from '../../jobs/job-run.entity';
import { JobsService } from '../../jobs/jobs.service';

@ApiTags('integrations')
@ApiBearerAuth()
@Roles('admin')
@Controller('integrations/gis-zhkh')
export class GisZhkhController {
  constructor(private readonly jobs: JobsService) {}

  /** Runs an import/export cycle now (SPEC §14); the recorded run, as GET /jobs/runs shows it. */
  @Post('sync')
  @HttpCode(200)
  @ApiOkResponse({ type: JobRunDto, description: 'the finished run of gis-zhkh-sync' })
  @ApiProblems(ErrorCode.JOB_ALREADY_RUNNING)
  async sync(): Promise<JobRun | null> {
    return this.jobs.run('gis-zhkh-sync', 'manual');
  }
}
