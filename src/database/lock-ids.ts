/** PostgreSQL advisory lock ids used by the application; one place so they never collide. */
export const LockId = {
  migrations: 7_310_001,
  bootstrap: 7_310_002,
  /** Compaction of the overdue report's open counts (src/reports). */
  openCountsCompaction: 7_310_003,
  /** Changes of the production calendar and the deadlines they recompute, one at a time. */
  calendar: 7_310_004,
  /**
   * A reception applicant's bookings (issue 22): the first key of the two-key form, the second
   * `hashtext()` of an applicant key, so the limit of active bookings holds under concurrency.
   */
  receptionApplicant: 7_310_005,
  /** Folding of the report rollup's deltas, and its rebuilds (issue 25, src/reports/rollup). */
  reportRollup: 7_310_025,
  /** Scheduled jobs: one lock per job name, this base plus its index in JOB_NAMES. */
  jobsBase: 7_311_000,
} as const;
