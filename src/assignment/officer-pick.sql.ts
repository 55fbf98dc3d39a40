/**
 * Who gets a new appeal (SPEC §7), written once, in SQL: the registration chooses inside its
 * final statement, under the staff row locks, and a later automatic assignment (an accepted
 * review) runs the same text. test/officer-pick.e2e-spec.ts states the policy case by case.
 */

/**
 * The department's active officers and heads (`$param`). Callers lock them FOR NO KEY UPDATE in
 * id order, which is compatible with the KEY SHARE locks foreign keys to these rows take, and
 * makes two registrations lock them in the same order (no deadlock, ADR 0011).
 */
export const staffRowsSql = (departmentParam: string): string =>
  `SELECT id, email, roles, available, last_assigned_at, open_assigned FROM users
    WHERE active AND department_id = ${departmentParam}
      AND ('officer' = ANY(roles) OR 'head' = ANY(roles))`;

/**
 * Over the staff rows of CTE `staff`: the available officer with the fewest open appeals, then
 * the one assigned least recently (never assigned first), then by id so the choice is
 * deterministic. No row: nobody is available and the appeal waits in the department's queue.
 */
export const PICK_OFFICER_SQL = `SELECT id FROM staff WHERE available AND 'officer' = ANY(roles)
  ORDER BY open_assigned, last_assigned_at NULLS FIRST, id LIMIT 1`;
