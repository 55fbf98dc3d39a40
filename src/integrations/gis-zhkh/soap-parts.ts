/**
 * Cuts a SOAP envelope into standalone documents for XSD validation: the element children of
 * soap:Header and soap:Body, each with the namespace declarations it inherits copied onto its
 * start tag. A tokenizer rather than a DOM: the envelope is our own output (or the stand-in's),
 * and this keeps line numbers of the part equal to those of the envelope's text within it.
 */

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const XMLNS = /\sxmlns(?::([\w.-]+))?\s*=\s*("[^"]*"|'[^']*')/g;

interface Open {
  local: string;
  decls: Map<string, string>;
}

export interface SoapParts {
  header: string[];
  body: string[];
}

/**
 * The element children of soap:Header and soap:Body, each made a standalone document by copying
 * the namespace declarations it inherits from Envelope, Header or Body onto its start tag.
 */
export function soapParts(envelope: string): SoapParts {
  const out: SoapParts = { header: [], body: [] };
  const stack: Open[] = [];
  let start = -1;
  let startTagEnd = -1;
  let inherited = new Map<string, string>();
  let ownDecls = new Set<string>();
  for (const m of envelope.matchAll(TOKEN)) {
    if (m[3] === undefined) continue; // comment, CDATA, declaration
    const [tag, closing, , local, attrs, selfClosing] = m;
    const index = m.index;
    const depth = stack.length;
    if (!closing) {
      const decls = new Map<string, string>();
      for (const d of (attrs ?? '').matchAll(XMLNS)) decls.set(d[1] ?? '', d[2]);
      if (depth === 2 && (stack[1].local === 'Header' || stack[1].local === 'Body')) {
        start = index;
        startTagEnd = index + 1 + (m[2] ?? '').length + local.length;
        inherited = new Map([...stack[0].decls, ...stack[1].decls]);
        ownDecls = new Set(decls.keys());
      }
      if (!selfClosing) stack.push({ local, decls });
    }
    const closesPart = closing ? stack.length === 3 : depth === 2 && Boolean(selfClosing);
    if (closing) stack.pop();
    if (closesPart && start >= 0) {
      const part = envelope.slice(start, index + tag.length);
      const extra = [...inherited]
        .filter(([prefix]) => !ownDecls.has(prefix))
        .map(([prefix, uri]) => (prefix ? ` xmlns:${prefix}=${uri}` : ` xmlns=${uri}`))
        .join('');
      const offset = startTagEnd - start;
      const doc = part.slice(0, offset) + extra + part.slice(offset);
      (stack[1]?.local === 'Header' ? out.header : out.body).push(doc);
      start = -1;
    }
  }
  return out;
}

/** base:Fault inside a SOAP Fault's detail, as a standalone document. */
export function faultDetail(fault: string): string | undefined {
  const detail = /<detail([^>]*)>([\s\S]*)<\/detail>/.exec(fault);
  if (!detail) return undefined;
  // Declarations in scope: those on the Fault start tag (already inherited) and on detail.
  const decls = new Map<string, string>();
  const faultTag = /^<[^>]*>/.exec(fault.trim())?.[0] ?? '';
  for (const d of [...faultTag.matchAll(XMLNS), ...detail[1].matchAll(XMLNS)])
    decls.set(d[1] ?? '', d[2]);
  const attrs = [...decls].map(([p, uri]) => (p ? ` xmlns:${p}=${uri}` : ` xmlns=${uri}`)).join('');
  // Reuse the splitter with `detail` posing as a Body.
  return soapParts(`<E><Body${attrs}>${detail[2]}</Body></E>`).body[0];
}

/** Whether a Body part is a SOAP Fault (checked through its detail, which is base:Fault). */
export const isSoapFault = (part: string): boolean => /^<(?:[\w.-]+:)?Fault[\s>/]/.test(part);

/** The namespace URI of a standalone document's root element (from its own declarations). */
export function rootNamespace(doc: string): string | null {
  const m =
    /^\s*(?:<\?[\s\S]*?\?>\s*)?<(?:([\w.-]+):)?[\w.-]+((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)/.exec(
      doc,
    );
  if (!m) return null;
  const prefix = m[1] ?? '';
  for (const d of (m[2] ?? '').matchAll(XMLNS)) {
    if ((d[1] ?? '') === prefix) return d[2].slice(1, -1);
  }
  return null;
}
