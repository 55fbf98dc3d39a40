/**
 * The organisation's name and requisites, printed in the letterhead of every print form
 * (ГОСТ Р 7.0.97-2016: the organisation's name and its reference details — address,
 * telephone, e-mail, ИНН/КПП). Optional: unset, forms print the product's name and omit the
 * rest, so a fresh installation prints without any set-up.
 */
export interface OrganizationConfig {
  name: string;
  /** Postal address, one line. */
  address: string | null;
  phone: string | null;
  email: string | null;
  /** ИНН: 10 digits (an organisation) or 12 (an individual entrepreneur), with a valid checksum. */
  inn: string | null;
  /** КПП: 9 characters (the 5th and 6th may be capital Latin letters). */
  kpp: string | null;
}

export const DEFAULT_ORGANIZATION_NAME = 'Appeals Desk';

type Env = Record<string, string | undefined>;

// C0/C1 controls and line breaks: every requisite is one printed line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** `ORG_*` from the environment; each bad value is added to `problems`. */
export function parseOrganization(env: Env, problems: string[]): OrganizationConfig {
  const line = (key: string, max: number): string | null => {
    const v = env[key]?.trim();
    if (!v) return null;
    if (CONTROL.test(v) || [...v].length > max) {
      problems.push(`${key} must be one line of at most ${max} characters`);
      return null;
    }
    return v;
  };
  const name = line('ORG_NAME', 300) ?? DEFAULT_ORGANIZATION_NAME;
  const address = line('ORG_ADDRESS', 500);
  const phone = line('ORG_PHONE', 100);
  let email = line('ORG_EMAIL', 254);
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    problems.push(`ORG_EMAIL must be an e-mail address, got "${email}"`);
    email = null;
  }
  let inn = line('ORG_INN', 12);
  if (inn !== null && !isValidInn(inn)) {
    problems.push(
      `ORG_INN must be a valid ИНН (10 or 12 digits with its check digits), got "${inn}"`,
    );
    inn = null;
  }
  let kpp = line('ORG_KPP', 9)?.toUpperCase() ?? null;
  if (kpp !== null && !/^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp)) {
    problems.push(`ORG_KPP must be 9 characters: 4 digits, 2 digits or letters, 3 digits`);
    kpp = null;
  }
  return { name, address, phone, email, inn, kpp };
}

/**
 * The ИНН's check digits (the tax service's algorithm): a mistyped number in a
 * letterhead would go out on every letter, so it is refused at start.
 */
export function isValidInn(inn: string): boolean {
  if (!/^(\d{10}|\d{12})$/.test(inn)) return false;
  const d = [...inn].map(Number);
  const check = (weights: number[]): number =>
    (weights.reduce((sum, w, i) => sum + w * d[i], 0) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return (
    check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] &&
    check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11]
  );
}
