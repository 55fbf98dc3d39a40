/**
 * At most `limit` holders at a time; the others wait in arrival order. A permit is handed
 * straight to the next waiter on release (no window in which a newcomer could overtake it).
 */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`Semaphore: limit must be a positive integer, got ${limit}`);
    }
  }

  get inUse(): number {
    return this.held;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function, which is safe to call more than once. */
  async acquire(): Promise<() => void> {
    if (this.held < this.limit) {
      this.held++;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The permit passes to the next waiter as it is: `held` stays the same.
      if (next) next();
      else this.held--;
    };
  }
}
