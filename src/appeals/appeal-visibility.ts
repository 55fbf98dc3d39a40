import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { seesAllDepartments, type Principal } from '../common/auth/principal';

/**
 * Which appeals a caller sees (SPEC §1), as a condition on the appeal alias `a` of `qb`: clients
 * the appeals they created; supervisors and admins all; other staff their department's, those
 * assigned to them and those they registered. The one copy of the rule — appeal reads and lists
 * use it, and so does anything listing what belongs to appeals (outgoing letters) by joining
 * `appeals a`. Parameter names (`keyId`, `me`, `myDept`) are fixed: prepared reads bind them.
 */
export function restrictToVisibleAppeals<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  p: Principal,
): void {
  if (p.kind === 'client') {
    qb.andWhere('a.createdByApiKeyId = :keyId', { keyId: p.apiKeyId });
    return;
  }
  if (seesAllDepartments(p)) return;
  qb.andWhere(
    new Brackets((w) => {
      w.where('a.assigneeId = :me', { me: p.id }).orWhere('a.createdByUserId = :me', {
        me: p.id,
      });
      if (p.departmentId) w.orWhere('a.departmentId = :myDept', { myDept: p.departmentId });
    }),
  );
}
