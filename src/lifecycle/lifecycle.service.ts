import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { problemBody } from '../common/errors/problem.filter';

/**
 * `serving`: normal. `not-ready`: shutdown began — /health/ready answers 503 so load balancers
 * stop sending traffic, requests are still served. `refusing`: the listener is closed; a request
 * that still arrives on an open keep-alive connection gets 503 and `Connection: close`.
 */
export type LifecycleState = 'serving' | 'not-ready' | 'refusing';

/** The instance's place in the shutdown sequence and its in-flight requests (one per process). */
@Injectable()
export class LifecycleService {
  private current: LifecycleState = 'serving';
  private inFlight = 0;
  private idle: (() => void)[] = [];

  get state(): LifecycleState {
    return this.current;
  }

  get ready(): boolean {
    return this.current === 'serving';
  }

  get inFlightRequests(): number {
    return this.inFlight;
  }

  markNotReady(): void {
    if (this.current === 'serving') this.current = 'not-ready';
  }

  refuseNewRequests(): void {
    this.current = 'refusing';
  }

  /** Resolves true once no request is in flight, false if `timeoutMs` passes first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idle = this.idle.filter((f) => f !== done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idle.push(done);
    });
  }

  /**
   * Express middleware, mounted first: counts a request from its first byte until its response
   * is finished or its connection is gone, and refuses new ones once the listener is closed.
   */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.current !== 'serving') res.setHeader('Connection', 'close');
    // Probes keep answering: readiness says 503 by itself, liveness must stay 200.
    if (this.current === 'refusing' && !req.path.startsWith('/health')) {
      const requestId = randomUUID();
      const body = problemBody(
        new AppError(
          ErrorCode.SERVICE_UNAVAILABLE,
          'Экземпляр сервиса останавливается, повторите запрос',
        ),
        requestId,
      );
      res
        .status(503)
        .setHeader('X-Request-Id', requestId)
        .setHeader('Retry-After', '1')
        .type('application/problem+json')
        .send(JSON.stringify(body));
      return;
    }
    this.inFlight += 1;
    let counted = true;
    const finished = (): void => {
      if (!counted) return;
      counted = false;
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        const waiting = this.idle;
        this.idle = [];
        for (const f of waiting) f();
      }
    };
    res.once('finish', finished);
    res.once('close', finished);
    next();
  };
}
