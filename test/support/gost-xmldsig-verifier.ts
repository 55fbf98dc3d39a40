import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { streebog256 } from '@li0ard/streebog';
import { weierstrassN } from '@noble/curves/abstract/weierstrass';
import { invert, mod } from '@noble/curves/abstract/modular';
import { ExclusiveCanonicalization } from 'xml-crypto';

/**
 * Verifies a ГИС ЖКХ XAdES-BES signature (ГОСТ Р 34.10-2012/256, Стрибог-256) with none of the
 * code that signs (ADR 0017): exclusive C14N from xml-crypto (we sign with xmldsigjs), Стрибог
 * from @li0ard/streebog (we sign with crypto-gost-js), the verification equation of ГОСТ Р
 * 34.10-2012 §6.2 written here on @noble/curves, the certificate read by a DER walker below.
 * Returns the reasons it fails; an empty list means the signature verifies.
 */

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const SIGNATURE_URI = 'urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256';
const DIGEST_URI = 'urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

/**
 * id-GostR3410-2001-CryptoPro-A-ParamSet (RFC 4357 §11.4), the same curve as
 * id-GostR3410-2001-CryptoPro-XchA-ParamSet and id-tc26-gost-3410-2012-256-paramSetB (RFC 7836
 * §A.2): the curve of ГОСТ Р 34.10-2012/256 keys issued by Russian CAs.
 */
const CRYPTOPRO_A = {
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n,
  a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd94n,
  b: 0xa6n,
  n: 0xffffffffffffffffffffffffffffffff6c611070995ad10045841b09b761b893n,
  Gx: 0x1n,
  Gy: 0x8d91e471e0989cda27df505a453f2b7635294f2ddf23e3b122acc99c9e9f1e14n,
};
/** 1.2.643.2.2.35.1, 1.2.643.2.2.36.0 and 1.2.643.7.1.2.1.1.2: the OIDs of that curve. */
const CURVE_OIDS = ['2a850302022301', '2a850302022400', '2a8503070102010102'];
/** id-tc26-gost3410-12-256 (1.2.643.7.1.1.1.1). */
const GOST_2012_256_KEY = '2a85030701010101';

const Point = weierstrassN({ ...CRYPTOPRO_A, h: 1n });

export interface VerifyResult {
  ok: boolean;
  errors: string[];
}

export function verifyGisSignature(xml: string): VerifyResult {
  const errors: string[] = [];
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const signatures = Array.from(doc.getElementsByTagNameNS(DS, 'Signature'));
  if (signatures.length !== 1) return fail(`expected one ds:Signature, found ${signatures.length}`);
  const signature = signatures[0];
  const container = signature.parentNode as Element | null;
  if (!container || container.getAttribute('Id') !== 'signed-data-container') {
    errors.push('ds:Signature is not a child of the signed-data-container element');
  } else if (firstElementChild(container) !== signature) {
    errors.push('ds:Signature is not the first child of the signed-data-container element');
  }
  const signedInfo = child(signature, DS, 'SignedInfo');
  if (!signedInfo) return fail('no ds:SignedInfo');
  const algorithm = (parent: Element, name: string) =>
    child(parent, DS, name)?.getAttribute('Algorithm');
  if (algorithm(signedInfo, 'CanonicalizationMethod') !== EXC_C14N)
    errors.push('CanonicalizationMethod is not exclusive C14N');
  if (algorithm(signedInfo, 'SignatureMethod') !== SIGNATURE_URI)
    errors.push('SignatureMethod is not ГОСТ Р 34.10-2012/256');

  const certB64 = text(first(signature, DS, 'X509Certificate'));
  if (!certB64) return fail('no ds:X509Certificate');
  const certDer = Buffer.from(certB64, 'base64');

  const references = children(signedInfo, DS, 'Reference');
  const toContainer = references.find((r) => r.getAttribute('URI') === '#signed-data-container');
  const toProperties = references.find((r) => r.getAttribute('Type') === SIGNED_PROPERTIES_TYPE);
  if (!toContainer) errors.push('no reference to #signed-data-container');
  if (!toProperties) errors.push('no reference to xades:SignedProperties');
  for (const ref of references) {
    if (algorithm(ref, 'DigestMethod') !== DIGEST_URI) {
      errors.push(`reference ${ref.getAttribute('URI')}: DigestMethod is not Стрибог-256`);
      continue;
    }
    const target = byId(doc, (ref.getAttribute('URI') ?? '').replace(/^#/, ''));
    if (!target) {
      errors.push(`reference ${ref.getAttribute('URI')}: no such element`);
      continue;
    }
    const transforms = children(child(ref, DS, 'Transforms') ?? ref, DS, 'Transform').map((t) =>
      t.getAttribute('Algorithm'),
    );
    let node = target;
    if (transforms.includes(ENVELOPED)) {
      node = target.cloneNode(true) as Element;
      for (const s of Array.from(node.getElementsByTagNameNS(DS, 'Signature'))) {
        s.parentNode?.removeChild(s);
      }
    }
    const digest = Buffer.from(streebog256(Buffer.from(c14n(node), 'utf8'))).toString('base64');
    if (digest !== text(child(ref, DS, 'DigestValue'))) {
      errors.push(`reference ${ref.getAttribute('URI')}: digest does not match`);
    }
  }

  const certDigestEl = first(signature, XADES, 'CertDigest');
  if (!certDigestEl) errors.push('no xades:SigningCertificate/Cert/CertDigest');
  else {
    const expected = Buffer.from(streebog256(certDer)).toString('base64');
    if (text(child(certDigestEl, DS, 'DigestValue')) !== expected)
      errors.push('SigningCertificate digest does not match the certificate');
  }

  let publicKey: { x: bigint; y: bigint };
  try {
    publicKey = gostPublicKeyOf(certDer);
  } catch (e) {
    return fail(...errors, `certificate: ${(e as Error).message}`);
  }
  const signatureValue = Buffer.from(text(child(signature, DS, 'SignatureValue')) ?? '', 'base64');
  const digest = streebog256(Buffer.from(c14n(signedInfo), 'utf8'));
  if (!verifyGost(publicKey, digest, signatureValue)) errors.push('SignatureValue does not verify');
  return { ok: errors.length === 0, errors };
}

/**
 * ГОСТ Р 34.10-2012 §6.2: signature s‖r big-endian (RFC 4491 §2.2.2); e = digest read as a
 * little-endian integer mod q (the byte order implementations emit Стрибог in), e = 1 if 0;
 * v = e⁻¹, z1 = s·v, z2 = −r·v, R = x(z1·P + z2·Q) mod q must equal r.
 */
export function verifyGost(
  key: { x: bigint; y: bigint },
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const q = CRYPTOPRO_A.n;
  if (signature.length !== 64) return false;
  const s = bigEndian(signature.subarray(0, 32));
  const r = bigEndian(signature.subarray(32, 64));
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  let e = mod(bigEndian(Uint8Array.from(digest).reverse()), q);
  if (e === 0n) e = 1n;
  const v = invert(e, q);
  const z1 = mod(s * v, q);
  const z2 = mod(-r * v, q);
  let Q;
  try {
    Q = Point.fromAffine(key);
    Q.assertValidity();
  } catch {
    return false;
  }
  const C = Point.BASE.multiply(z1).add(Q.multiply(z2));
  if (C.equals(Point.ZERO)) return false;
  return mod(C.toAffine().x, q) === r;
}

// ------------------------------------------------------------------------------- helpers

function fail(...errors: string[]): VerifyResult {
  return { ok: false, errors };
}

function c14n(node: Element): string {
  return new ExclusiveCanonicalization().process(node, {});
}

function bigEndian(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function children(parent: Element, ns: string, local: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local,
  );
}

function child(parent: Element, ns: string, local: string): Element | undefined {
  return children(parent, ns, local)[0];
}

function first(root: Element, ns: string, local: string): Element | undefined {
  return Array.from(root.getElementsByTagNameNS(ns, local))[0];
}

function text(el: Element | undefined): string | undefined {
  return el?.textContent?.replace(/\s+/g, '') ?? undefined;
}

function firstElementChild(el: Element): Element | undefined {
  return Array.from(el.childNodes).find((n): n is Element => n.nodeType === 1);
}

function byId(doc: Document, id: string): Element | undefined {
  return Array.from(doc.getElementsByTagName('*')).find((e) => e.getAttribute('Id') === id);
}

// ------------------------------------------------------------------------- certificate

interface Der {
  tag: number;
  content: Buffer;
  end: number;
}

function readDer(buf: Buffer, at: number): Der {
  const tag = buf[at];
  let len = buf[at + 1];
  let offset = at + 2;
  if (len & 0x80) {
    const bytes = len & 0x7f;
    len = 0;
    for (let i = 0; i < bytes; i++) len = len * 256 + buf[offset + i];
    offset += bytes;
  }
  return { tag, content: buf.subarray(offset, offset + len), end: offset + len };
}

function sequence(buf: Buffer): Der[] {
  const items: Der[] = [];
  for (let at = 0; at < buf.length;) {
    const item = readDer(buf, at);
    items.push(item);
    at = item.end;
  }
  return items;
}

/**
 * The ГОСТ Р 34.10-2012/256 public key of an X.509 certificate (RFC 4491 §2.3.2: an OCTET
 * STRING of X‖Y, each little-endian, inside the BIT STRING). Refuses other algorithms and curves.
 */
export function gostPublicKeyOf(certDer: Buffer): { x: bigint; y: bigint } {
  const cert = sequence(readDer(certDer, 0).content);
  const tbs = sequence(cert[0].content);
  // [0] version is explicit and optional: skip it when present.
  const fields = tbs[0].tag === 0xa0 ? tbs.slice(1) : tbs;
  const spki = sequence(fields[5].content);
  const [algorithm, parameters] = sequence(spki[0].content);
  const oid = algorithm.content.toString('hex');
  if (oid !== GOST_2012_256_KEY) throw new Error(`not a ГОСТ Р 34.10-2012/256 key (${oid})`);
  const curveOid = parameters ? sequence(parameters.content)[0].content.toString('hex') : '';
  if (!CURVE_OIDS.includes(curveOid)) throw new Error(`unsupported curve (${curveOid})`);
  const bits = spki[1].content.subarray(1); // unused-bits byte
  const point = readDer(bits, 0).content;
  if (point.length !== 64) throw new Error('public key is not 64 bytes');
  return {
    x: bigEndian(Uint8Array.from(point.subarray(0, 32)).reverse()),
    y: bigEndian(Uint8Array.from(point.subarray(32, 64)).reverse()),
  };
}
