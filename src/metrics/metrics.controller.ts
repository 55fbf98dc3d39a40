import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../common/auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { ApiProblems } from '../common/http/openapi';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Prometheus scrape endpoint, outside /api/v1 and outside staff/API-key authentication; with
 * METRICS_TOKEN set it needs `Authorization: Bearer <token>`.
 */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.token = config.metrics.token ? digest(config.metrics.token) : null;
  }

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (docs/operations.md)' })
  // Open unless METRICS_TOKEN is set: no requirement ({}) or that token as a bearer.
  @ApiSecurity({})
  @ApiSecurity('metrics-token')
  @ApiOkResponse({
    description: 'the Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiProblems(ErrorCode.UNAUTHENTICATED)
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.token && !this.authorized(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        'Для /metrics нужен заголовок Authorization: Bearer <METRICS_TOKEN>',
      );
    }
    const body = await this.metrics.render();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }

  private authorized(header: string | undefined): boolean {
    const m = /^Bearer (\S+)$/i.exec(header ?? '');
    // Digests of equal length: the comparison takes the same time whatever the guess.
    return m !== null && timingSafeEqual(digest(m[1]), this.token!);
  }
}
