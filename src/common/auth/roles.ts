/**
 * Staff roles (SPEC §1). Here rather than beside the User entity: the guards, the decorators and
 * the principal need them, and `common/` imports nothing from feature modules.
 */
export const ROLES = ['admin', 'supervisor', 'head', 'officer', 'clerk'] as const;
export type Role = (typeof ROLES)[number];
