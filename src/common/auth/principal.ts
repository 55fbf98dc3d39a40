import type { Role } from './roles';

export interface StaffPrincipal {
  kind: 'user';
  id: string;
  login: string;
  fullName: string;
  roles: Role[];
  departmentId: string | null;
}

export interface ClientPrincipal {
  kind: 'client';
  apiKeyId: string;
  name: string;
  /** Channels the key may register appeals on (`Channel` values; text here: `common/` imports no feature module). */
  channels: readonly string[];
}

export type Principal = StaffPrincipal | ClientPrincipal;

export const hasRole = (p: Principal, ...roles: Role[]): boolean =>
  p.kind === 'user' && p.roles.some((r) => roles.includes(r));

/** Supervisors and admins see every department (SPEC §1). */
export const seesAllDepartments = (p: Principal): boolean => hasRole(p, 'admin', 'supervisor');

export const actorOf = (
  p: Principal,
): { actorUserId: string | null; actorApiKeyId: string | null } =>
  p.kind === 'user'
    ? { actorUserId: p.id, actorApiKeyId: null }
    : { actorUserId: null, actorApiKeyId: p.apiKeyId };

/** Heads manage their own department's appeals; supervisors and admins every department (SPEC §1). */
export const managesDepartment = (p: Principal, departmentId: string | null): boolean =>
  hasRole(p, 'supervisor', 'admin') ||
  (p.kind === 'user' &&
    hasRole(p, 'head') &&
    p.departmentId !== null &&
    p.departmentId === departmentId);
