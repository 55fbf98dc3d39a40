/**
 * A small per-instance cache of reference data (topics, SLA policies) that every registration
 * reads and administrators rarely change: each read saved is a PostgreSQL round trip saved under
 * load (issue 10). Changes made through this instance clear it at once; other instances see
 * them within the TTL (docs/architecture.md, "Caches").
 * Measured in real time: it bounds staleness, it is not business time.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > t) return hit.value;
    const value = await load();
    // A miss is not kept: what another instance has just created must be found at once.
    if (value === null || value === undefined) return value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: t + this.ttlMs });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
