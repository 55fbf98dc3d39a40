/** Keys that would reach an object's prototype: left for inputProblems() to refuse. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `a.b=v` in a query string → `{ a: { b: v } }`, one level (issue 22: `GET /appeals?attr.<code>=…`
 * filters on topic attributes). Express 5's simple query parser keeps the dot in the key, and the
 * whitelist would refuse a key no DTO can declare; folded, the DTO declares one object `attr`.
 * A head that is also a plain key, or a prototype name, is left as it is (and then refused).
 */
export function foldDottedQuery(query: Record<string, unknown>): Record<string, unknown> {
  const dotted = Object.keys(query).filter((k) => k.indexOf('.') > 0);
  if (dotted.length === 0) return query;
  const out: Record<string, unknown> = {};
  const folded = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(query)) {
    const dot = key.indexOf('.');
    const head = dot > 0 ? key.slice(0, dot) : '';
    if (!head || PROTOTYPE_KEYS.has(head) || Object.hasOwn(query, head)) {
      out[key] = value;
      continue;
    }
    let inner = folded.get(head);
    if (!inner) {
      inner = {};
      folded.set(head, inner);
      out[head] = inner;
    }
    inner[key.slice(dot + 1)] = value;
  }
  return out;
}
