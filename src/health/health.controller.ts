import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { Public } from '../common/auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiProblems } from '../common/http/openapi';
import { LifecycleService } from '../lifecycle/lifecycle.service';

class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly lifecycle: LifecycleService,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @ApiOkResponse({ type: LivenessDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers too, and the instance is not shutting down. */
  @Get('ready')
  @HealthCheck()
  @ApiProblems(ErrorCode.SERVICE_UNAVAILABLE)
  ready(): Promise<HealthCheckResult> {
    if (!this.lifecycle.ready) {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'Экземпляр останавливается', undefined, {
        details: { shutdown: { status: 'down', state: this.lifecycle.state } },
      });
    }
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
  }
}
