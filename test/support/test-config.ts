export const TEST_ADMIN_PASSWORD = 'admin-test-password';

/**
 * The secret that signed staff tokens when JWT_SECRET was unset, until issue 17: it was in the
 * public source, so anyone could forge a token. Kept here only to prove it no longer works.
 */
export const FORMER_PUBLIC_JWT_SECRET = 'appeals-desk-development-secret-do-not-use-in-production';
