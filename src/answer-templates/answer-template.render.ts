/** The placeholders a template may use, each filled from the appeal. */
export const PLACEHOLDERS = ['regNumber', 'registeredOn', 'applicantName', 'dueDate'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Names in `{{…}}` that are not placeholders (a typo would otherwise reach the applicant). */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(TOKEN)].map((m) => m[1]);
  return [...new Set(names.filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n)))];
}

/** Pure: the template's text with every placeholder replaced (dates as ДД.ММ.ГГГГ). */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(TOKEN, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}

/** A local ISO date (2026-05-08) as Russian documents write it (08.05.2026); none: «—». */
export const ruDate = (iso: string | null): string =>
  iso ? iso.split('-').reverse().join('.') : '—';
