import * as pg from 'pg';
import type { Statement } from './sql-parts';

// node-postgres's own parameter conversion (not in its type definitions).
const { prepareValue } = (
  pg as unknown as { utils: { prepareValue(this: void, v: unknown): unknown } }
).utils;

/**
 * The statement as plain SQL text, each `$n` replaced by its value as a quoted literal, for the
 * simple query protocol — the only one that carries several statements in one message (see
 * Tx.commitWith: the final write and its COMMIT travel together). Values are converted exactly as
 * node-postgres converts parameters (`prepareValue`) and quoted as its `escapeLiteral` quotes (quotes
 * doubled; with a backslash the E'' form, backslashes doubled), so the server reads back the same
 * text it would have received as a parameter. A quoted literal starts as type `unknown` and takes
 * its type from the context, as an untyped parameter does. One pass: placeholders inside the
 * inserted values are never looked at again.
 */
export function inlineParams({ sql, params }: Statement): string {
  return sql.replace(/\$(\d+)(?!\d)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`inlineParams: no value for $${n}`);
    return literal(params[i]);
  });
}

function literal(value: unknown): string {
  const prepared = prepareValue(value) as string | Buffer | null;
  if (prepared === null) return 'NULL';
  // bytea in its hex form: standard_conforming_strings is on in every supported PostgreSQL.
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'`;
  return quote(prepared);
}

/**
 * node-postgres's `escapeLiteral`, written with two native replaces instead of a loop that builds
 * the string one character at a time (a 1 KB appeal text went through it on every registration):
 * quotes doubled, and with a backslash in the text the E'' form with backslashes doubled.
 */
function quote(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}
