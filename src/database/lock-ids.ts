/** PostgreSQL advisory lock ids used by the application; one place so they never collide. */
export const LockId = {
  migrations: 7_310_001,
  bootstrap: 7_310_002,
} as const;
