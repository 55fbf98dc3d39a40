import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { faultDetail, isSoapFault, rootNamespace, soapParts } from './soap-parts';

/**
 * The ГИС ЖКХ 14.4.0.1 schemas shipped with the product (copied to dist/ by nest-cli.json
 * `assets`), in the layout of the published bundle: `appeals/`, `organizations-registry-common/`,
 * `nsi-common/` and the shared `lib/`, so that `schemaLocation="../lib/hcs-base.xsd"` resolves.
 */
export const GIS_SCHEMA_DIR = join(__dirname, 'schema');

const BASE_NS = 'http://dom.gosuslugi.ru/schema/integration/base/';

/** Root element namespace → the main schema that declares it (base: the library itself). */
export const SCHEMA_BY_NAMESPACE: Readonly<Record<string, string>> = {
  'http://dom.gosuslugi.ru/schema/integration/appeals/': 'appeals/hcs-appeals-types.xsd',
  'http://dom.gosuslugi.ru/schema/integration/organizations-registry-common/':
    'organizations-registry-common/hcs-organizations-registry-common-types.xsd',
  'http://dom.gosuslugi.ru/schema/integration/nsi-common/': 'nsi-common/hcs-nsi-common-types.xsd',
  // RequestHeader, ResultHeader, getStateRequest, AckRequest, Fault.
  [BASE_NS]: 'lib/hcs-base.xsd',
};

export interface NamedXml {
  name: string;
  xml: string;
}

/** A document and, where the caller knows better than its root namespace, the main schema. */
export interface SchemaDoc extends NamedXml {
  schema?: string;
}

/** One xmllint error as libxml2 words it: may quote the document's text (tests only). */
export interface RawXsdError {
  line: number | null;
  message: string;
}

/**
 * One validation error without the document's content: where (part, line, element) and which
 * rule of the schema (facet, type, expected elements). Safe to log and to store.
 */
export interface XsdProblem {
  /** `header[0]`, `body[0]`: the SOAP part, or the document's name. */
  part: string;
  line: number | null;
  /** `{namespace}LocalName` of the element (and `@attribute`) the error is about. */
  element: string | null;
  reason: string;
}

/** libxml2 and WASM memory: 32 MiB by default, too little for 1000 answers of 10,000 chars. */
const MAX_MEMORY_PAGES = 16 * 512; // 512 MiB, reserved only as far as a message needs it

/**
 * Validates outgoing ГИС ЖКХ messages against the official XSD with libxml2 (xmllint-wasm, no
 * system package). The schema text is read once; xmllint-wasm starts a worker and compiles the
 * schema per call (docs/integrations/gis-zhkh.md, "Validation before sending", for the cost),
 * so callers validate many documents in one call where they can.
 */
export class GisXsdValidator {
  private files: Map<string, XMLFileInfo> | null = null;

  constructor(private readonly schemaDir: string = GIS_SCHEMA_DIR) {}

  /** Every Header and Body child of one envelope; an empty list when it is valid. */
  async validateEnvelope(xml: string): Promise<XsdProblem[]> {
    return (await this.validateEnvelopes([{ name: '', xml }]))[''] ?? [];
  }

  /** Many envelopes in as few xmllint runs as there are schemas: `{ name: problems }`. */
  async validateEnvelopes(envelopes: readonly NamedXml[]): Promise<Record<string, XsdProblem[]>> {
    const raw = await this.validateEnvelopesRaw(envelopes);
    const out: Record<string, XsdProblem[]> = {};
    for (const { name } of envelopes) {
      const problems = Object.entries(raw)
        .filter(([key]) => key.startsWith(`${name}\u0000`))
        .flatMap(([key, errors]) =>
          errors.map((e) => describeXsdError(key.slice(name.length + 1), e)),
        );
      if (problems.length > 0) out[name] = problems;
    }
    return out;
  }

  /**
   * The raw libxml2 errors of each part, keyed `name\0part`. They can quote the message's
   * content (a value that breaks a pattern): for tests, never for logs.
   */
  async validateEnvelopesRaw(
    envelopes: readonly NamedXml[],
  ): Promise<Record<string, RawXsdError[]>> {
    const docs: SchemaDoc[] = [];
    for (const { name, xml } of envelopes) {
      const { header, body } = soapParts(xml);
      const parts = body.map((b) => (isSoapFault(b) ? (faultDetail(b) ?? b) : b));
      // The main schema of the body serves the header too (it imports base): one xmllint run,
      // one schema compilation per envelope instead of two.
      const ns = parts.length > 0 ? rootNamespace(parts[0]) : null;
      const schema = ns === null ? undefined : SCHEMA_BY_NAMESPACE[ns];
      if (parts.length === 0) docs.push({ name: `${name}\u0000body`, xml: '<no-body/>' });
      header.forEach((h, i) => docs.push({ name: `${name}\u0000header[${i}]`, xml: h, schema }));
      parts.forEach((b, i) => docs.push({ name: `${name}\u0000body[${i}]`, xml: b }));
    }
    return this.validateDocumentsRaw(docs);
  }

  /**
   * Standalone documents, each against the schema of its root element's namespace (or the one
   * given); one xmllint run per schema. Returns every name, with an empty list for a valid document.
   */
  async validateDocumentsRaw(docs: readonly SchemaDoc[]): Promise<Record<string, RawXsdError[]>> {
    const errors: Record<string, RawXsdError[]> = Object.fromEntries(docs.map((d) => [d.name, []]));
    const bySchema = new Map<string, NamedXml[]>();
    for (const doc of docs) {
      const ns = rootNamespace(doc.xml);
      const schema = doc.schema ?? (ns === null ? undefined : SCHEMA_BY_NAMESPACE[ns]);
      if (!schema) {
        errors[doc.name].push({ line: null, message: `no schema for the root namespace ${ns}` });
        continue;
      }
      bySchema.set(schema, [...(bySchema.get(schema) ?? []), doc]);
    }
    await Promise.all(
      [...bySchema].map(async ([schema, group]) => {
        for (const [name, list] of Object.entries(await this.run(schema, group))) {
          errors[name].push(...list);
        }
      }),
    );
    return errors;
  }

  private async run(schema: string, docs: NamedXml[]): Promise<Record<string, RawXsdError[]>> {
    const files = this.schemaFiles();
    const xml = docs.map((d, i) => ({ fileName: `doc-${i}.xml`, contents: d.xml }));
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.xml), 0);
    const result = await validateXML({
      xml,
      schema: [files.get(schema)!],
      preload: [...files.values()].filter((f) => f.fileName !== schema),
      // Room for the documents several times over (DOM and schema), within the cap.
      maxMemoryPages: Math.min(MAX_MEMORY_PAGES, 512 + Math.ceil((bytes * 8) / 65536)),
    });
    const errors: Record<string, RawXsdError[]> = Object.fromEntries(docs.map((d) => [d.name, []]));
    for (const e of result.errors) {
      // xmllint's per-file summary line carries no detail.
      if (!e.loc && / fails to validate$/.test(e.rawMessage)) continue;
      const index = xml.findIndex((f) => f.fileName === e.loc?.fileName);
      const target = index >= 0 ? docs[index].name : docs[0].name;
      errors[target].push({ line: e.loc?.lineNumber ?? null, message: e.message });
    }
    if (!result.valid && docs.every((d) => errors[d.name].length === 0)) {
      for (const d of docs) errors[d.name].push({ line: null, message: 'xmllint failed' });
    }
    return errors;
  }

  private schemaFiles(): Map<string, XMLFileInfo> {
    if (this.files) return this.files;
    const files = new Map<string, XMLFileInfo>();
    for (const dir of readdirSync(this.schemaDir)) {
      for (const f of readdirSync(join(this.schemaDir, dir))) {
        if (!f.endsWith('.xsd')) continue;
        const fileName = `${dir}/${f}`;
        files.set(fileName, { fileName, contents: readFileSync(join(this.schemaDir, fileName)) });
      }
    }
    for (const schema of Object.values(SCHEMA_BY_NAMESPACE)) {
      if (!files.has(schema)) throw new Error(`ГИС ЖКХ schema ${schema} is missing`);
    }
    return (this.files = files);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors without content
// ---------------------------------------------------------------------------------------------

/**
 * libxml2 words a schema error as `element X: Schemas validity error : Element '{ns}X'[,
 * attribute 'a']: <detail>`, and the detail may quote the value (`The value '…' is not accepted
 * by the pattern`). Only the parts that come from the schema are kept: the element, the facet
 * and its bounds, the type, the expected elements.
 */
export function describeXsdError(part: string, e: RawXsdError): XsdProblem {
  const at = /Element '([^']+)'(?:, attribute '([^']+)')?: ([\s\S]*)$/.exec(e.message);
  const element = at ? at[1] + (at[2] ? `/@${at[2]}` : '') : null;
  const detail = at ? at[3] : e.message;
  return { part, line: e.line, element, reason: reasonOf(detail) };
}

function reasonOf(detail: string): string {
  const facet = /\[facet '(\w+)'\]/.exec(detail)?.[1];
  if (facet) {
    const length =
      /has a length of '(\d+)'; this (?:exceeds|underruns) the allowed (\w+) length of '(\d+)'/.exec(
        detail,
      );
    if (length) return `facet ${facet}: length ${length[1]}, ${length[2]} ${length[3]}`;
    const bound = /allowed (?:maximum|minimum) (?:value|length) of '(\d+)'/.exec(detail)?.[1];
    return `facet ${facet}${bound ? ` (${bound})` : ''}: the value breaks it`;
  }
  const type = /is not a valid value of the (?:atomic|list|union) type '([^']+)'/.exec(detail);
  if (type) return `not a valid value of type ${type[1]}`;
  const expected =
    /^(This element is not expected\.|Missing child element\(s\)\.)( Expected is (?:one of )?\( [^)]* \)\.)?/.exec(
      detail,
    );
  if (expected) return expected[0];
  const attribute = /^The attribute '[^']+' is (?:required but missing|not allowed)\./.exec(detail);
  if (attribute) return attribute[0];
  const key = /identity-constraint '([^']+)'/.exec(detail)?.[1];
  if (key) return `duplicate key in ${key}`;
  if (/^no schema for the root namespace /.test(detail)) return detail;
  if (/^xmllint failed$/.test(detail)) return detail;
  // Anything else: the words before the first quote, which could start a value.
  return detail.split("'")[0].trim() || 'schema validity error';
}

/** `part line N {ns}Element: reason; …` for the first `max` problems, and how many more. */
export function summarizeXsdProblems(problems: readonly XsdProblem[], max = 3): string {
  const shown = problems.slice(0, max).map((p) => {
    const element = p.element ? ` ${p.element.replace(/^\{[^}]*\}/, '')}` : '';
    const line = p.line === null ? '' : ` line ${p.line}`;
    return `${p.part}${line}${element}: ${p.reason}`;
  });
  const more = problems.length > max ? `; and ${problems.length - max} more` : '';
  return shown.join('; ') + more;
}
