import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { Public } from '../common/auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { LifecycleService } from '../lifecycle/lifecycle.service';

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
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers too, and the instance is not shutting down. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    if (!this.lifecycle.ready) {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'Экземпляр останавливается', undefined, {
        details: { shutdown: { status: 'down', state: this.lifecycle.state } },
      });
    }
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
  }
}
