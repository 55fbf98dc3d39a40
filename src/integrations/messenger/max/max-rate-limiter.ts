import { setTimeout as delay } from 'node:timers/promises';

/**
 * MAX allows 30 requests per second to platform-api (dev.max.ru, «Ограничения»). This sliding
 * window holds the calls of ONE process: with several API instances sharing a bot the sum can
 * exceed it, and the provider then maps MAX's 429 to `rate_limited` so the outbox retries later.
 * Callers are served in arrival order.
 */
export class MaxRateLimiter {
  private readonly stamps: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit = 30,
    private readonly windowMs = 1000,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<unknown> = (ms) => delay(ms),
  ) {}

  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.take());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.stamps.length > 0 && this.stamps[0] <= t - this.windowMs) this.stamps.shift();
      if (this.stamps.length < this.limit) {
        this.stamps.push(t);
        return;
      }
      await this.sleep(this.stamps[0] + this.windowMs - t);
    }
  }
}
