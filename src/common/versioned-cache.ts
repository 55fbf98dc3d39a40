/**
 * A per-instance copy of data that every instance must agree on soon after a change (the
 * production calendar, the abusive-word lists): PostgreSQL keeps a version number, bumped by
 * every change, and an instance reads it again at most once per `refreshMs`, reloading the data
 * only when it moved. Concurrent callers share one read; a change made through this instance
 * (`invalidate`) is used at once, and a read begun before it is not kept. Measured in real time:
 * it bounds staleness, it is not business time.
 */
export class VersionedCache<T> {
  private value: T | null = null;
  private version: string | null = null;
  private checkedAt = -Infinity;
  private refreshing: Promise<T> | null = null;
  /** Bumped by this instance's own changes: a read begun before one must not be kept. */
  private generation = 0;

  constructor(
    private readonly refreshMs: number,
    /** The current version (one cheap query). */
    private readonly readVersion: () => Promise<string>,
    /** The data and the version it belongs to, read from one snapshot. */
    private readonly load: () => Promise<{ value: T; version: string }>,
  ) {}

  /** The data as of at most `refreshMs` ago. */
  current(): Promise<T> {
    if (this.value !== null && performance.now() - this.checkedAt < this.refreshMs) {
      return Promise.resolve(this.value);
    }
    if (!this.refreshing) {
      const p = this.refresh().finally(() => {
        if (this.refreshing === p) this.refreshing = null;
      });
      this.refreshing = p;
    }
    return this.refreshing;
  }

  /** This instance changed the data: the next `current()` reads it again. */
  invalidate(): void {
    this.generation++;
    this.checkedAt = -Infinity;
    this.refreshing = null;
  }

  private async refresh(): Promise<T> {
    const generation = this.generation;
    const version = await this.readVersion();
    let value = this.value;
    let loaded = this.version;
    if (value === null || version !== loaded) {
      ({ value, version: loaded } = await this.load());
    }
    if (generation === this.generation) {
      this.value = value;
      this.version = loaded;
      this.checkedAt = performance.now();
    }
    return value;
  }
}
