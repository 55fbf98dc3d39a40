/**
 * Registration number templates (SPEC §5). Placeholders: {year}, {yy}, {seq} and {seq:N}
 * (zero-padded to N digits, never truncated). Default `{year}-{seq:6}` → `2026-000123`.
 *
 * Numbers are made in SQL only (`numberSql`): a registration allocates its sequence and writes
 * its number in one statement, and so does an outgoing letter. There is no TypeScript copy of
 * the rule to keep in step with it (issue 18).
 */
const TOKEN = /\{(year|yy|seq)(?::(\d{1,2}))?\}/g;

/** Reads year and sequence back from a number made by the template (legacy import); else null. */
export function parseRegNumber(
  template: string,
  regNumber: string,
): { year: number | null; seq: number } | null {
  const names: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    pattern += escapeRegExp(template.slice(last, m.index));
    const name = m[1];
    names.push(name);
    if (name === 'year') pattern += '(\\d{4})';
    else if (name === 'yy') pattern += '(\\d{2})';
    else pattern += m[2] ? `(\\d{${m[2]},})` : '(\\d+)';
    last = (m.index ?? 0) + m[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  const match = new RegExp(`^${pattern}$`).exec(regNumber);
  if (!match) return null;
  let year: number | null = null;
  let seq: number | null = null;
  names.forEach((name, i) => {
    const v = Number(match[i + 1]);
    if (name === 'year') year = v;
    else if (name === 'yy') year ??= 2000 + v;
    else seq = v;
  });
  return seq === null ? null : { year, seq };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The number the template makes of `seq` (an SQL expression of type integer) in `year`, as an SQL
 * expression of type text. The template is configuration, not input; its literal parts are
 * quoted all the same.
 */
export function numberSql(template: string, year: number, seq: string): string {
  const parts: string[] = [];
  const literal = (text: string) => {
    if (text) parts.push(`'${text.replace(/'/g, "''")}'`);
  };
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    literal(template.slice(last, m.index));
    const [, name, width] = m;
    if (name === 'year') literal(String(year));
    else if (name === 'yy') literal(String(year % 100).padStart(2, '0'));
    else if (width)
      parts.push(`lpad((${seq})::text, greatest(${Number(width)}, length((${seq})::text)), '0')`);
    else parts.push(`(${seq})::text`);
    last = (m.index ?? 0) + m[0].length;
  }
  literal(template.slice(last));
  return `concat(${parts.join(', ')})`;
}
