import { randomUUID } from 'node:crypto';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { XmlCanonicalizer } from 'xmldsigjs';
import type { Signer } from '../gis-client';
import { GisError } from '../gis-error';
import { SIGNED_ELEMENT_ID, xmlEscape } from '../gis-messages';
import { streebog256 } from '../gost/crypto-gost';
import type { GostSigningKey } from './gost-signing-key';

/** Algorithm URIs of the CryptoPro XMLDSig profile that ГИС ЖКХ accepts. */
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
export const GOST_SIGNATURE_URI =
  'urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256';
export const GOST_DIGEST_URI = 'urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256';
export const EXC_C14N_URI = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED_URI = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

export interface LocalXadesSignerOptions {
  now?: () => Date;
  newId?: () => string;
}

/**
 * XAdES-BES with ГОСТ Р 34.10-2012/256 and Стрибог-256, signed in the process (ADR 0017).
 * Layout as in the ГИС ЖКХ integration rules («Подписание сообщений», XAdES-BES): ds:Signature
 * is the first child of the element with Id="signed-data-container"; reference 1 is that element
 * (enveloped-signature + exclusive C14N), reference 2 is xades:SignedProperties with the signing
 * time and the certificate's Стрибог digest and issuer/serial; the certificate in ds:KeyInfo.
 * The XML is assembled from a template and canonicalised with xmldsigjs; the crypto is
 * crypto-gost-js (gost/crypto-gost.ts).
 */
export class LocalXadesSigner implements Signer {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly key: GostSigningKey,
    options: LocalXadesSignerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  async sign(xml: string): Promise<string> {
    const container = signedContainer(parse(xml));
    if (childElements(container).some((e) => e.namespaceURI === XMLDSIG_NS)) {
      throw new GisError('invalid-request', 'ALREADY_SIGNED', 'the message is signed already');
    }
    // The enveloped-signature transform removes exactly what is inserted below, so the digest
    // of the container before insertion is the digest of reference 1.
    const containerDigest = digestOf(container);
    const id = `xmldsig-${this.newId()}`;
    const template = signatureTemplate(id, containerDigest, this.key, this.now());
    let signed = insertAfterStartTag(xml, template);

    const propsDigest = digestOf(byId(parse(signed), `${id}-signedprops`));
    signed = signed.replace(PROPS_DIGEST, propsDigest);

    const signedInfo = childElements(byId(parse(signed), id)).find(
      (e) => e.localName === 'SignedInfo',
    )!;
    const value = await this.key.sign(Buffer.from(c14n(signedInfo), 'utf8'));
    return signed.replace(SIGNATURE_VALUE, value.toString('base64'));
  }
}

const PROPS_DIGEST = '@@signed-properties-digest@@';
const SIGNATURE_VALUE = '@@signature-value@@';

function signatureTemplate(id: string, containerDigest: string, key: GostSigningKey, at: Date) {
  const digestMethod = `<ds:DigestMethod Algorithm="${GOST_DIGEST_URI}"/>`;
  const transform = (uri: string) => `<ds:Transform Algorithm="${uri}"/>`;
  return (
    `<ds:Signature xmlns:ds="${XMLDSIG_NS}" Id="${id}">` +
    '<ds:SignedInfo>' +
    `<ds:CanonicalizationMethod Algorithm="${EXC_C14N_URI}"/>` +
    `<ds:SignatureMethod Algorithm="${GOST_SIGNATURE_URI}"/>` +
    `<ds:Reference Id="${id}-ref0" URI="#${SIGNED_ELEMENT_ID}">` +
    `<ds:Transforms>${transform(ENVELOPED_URI)}${transform(EXC_C14N_URI)}</ds:Transforms>` +
    `${digestMethod}<ds:DigestValue>${containerDigest}</ds:DigestValue>` +
    '</ds:Reference>' +
    `<ds:Reference Type="${SIGNED_PROPERTIES_TYPE}" URI="#${id}-signedprops">` +
    `<ds:Transforms>${transform(EXC_C14N_URI)}</ds:Transforms>` +
    `${digestMethod}<ds:DigestValue>${PROPS_DIGEST}</ds:DigestValue>` +
    '</ds:Reference>' +
    '</ds:SignedInfo>' +
    `<ds:SignatureValue Id="${id}-sigvalue">${SIGNATURE_VALUE}</ds:SignatureValue>` +
    '<ds:KeyInfo><ds:X509Data><ds:X509Certificate>' +
    key.certificateDer.toString('base64') +
    '</ds:X509Certificate></ds:X509Data></ds:KeyInfo>' +
    '<ds:Object>' +
    `<xades:QualifyingProperties xmlns:xades="${XADES_NS}" Target="#${id}">` +
    `<xades:SignedProperties Id="${id}-signedprops">` +
    '<xades:SignedSignatureProperties>' +
    `<xades:SigningTime>${at.toISOString()}</xades:SigningTime>` +
    '<xades:SigningCertificate><xades:Cert>' +
    `<xades:CertDigest>${digestMethod}<ds:DigestValue>` +
    streebog256(key.certificateDer).toString('base64') +
    '</ds:DigestValue></xades:CertDigest>' +
    '<xades:IssuerSerial>' +
    `<ds:X509IssuerName>${xmlEscape(key.issuerName)}</ds:X509IssuerName>` +
    `<ds:X509SerialNumber>${key.serialNumber}</ds:X509SerialNumber>` +
    '</xades:IssuerSerial>' +
    '</xades:Cert></xades:SigningCertificate>' +
    '</xades:SignedSignatureProperties>' +
    '</xades:SignedProperties>' +
    '</xades:QualifyingProperties>' +
    '</ds:Object>' +
    '</ds:Signature>'
  );
}

function parse(xml: string): Document {
  let problem: string | undefined;
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problem ??= message;
    },
  }).parseFromString(xml, 'text/xml');
  if (problem)
    throw new GisError('invalid-request', 'UNSIGNABLE', 'the message is not well-formed XML');
  return doc;
}

function signedContainer(doc: Document): Element {
  const found = Array.from(doc.getElementsByTagName('*')).filter(
    (e) => e.getAttribute('Id') === SIGNED_ELEMENT_ID,
  );
  if (found.length !== 1) {
    throw new GisError(
      'invalid-request',
      'UNSIGNABLE',
      `expected one element with Id="${SIGNED_ELEMENT_ID}", found ${found.length}`,
    );
  }
  return found[0];
}

function byId(doc: Document, id: string): Element {
  const el = Array.from(doc.getElementsByTagName('*')).find((e) => e.getAttribute('Id') === id);
  if (!el) throw new GisError('invalid-request', 'UNSIGNABLE', `no element with Id="${id}"`);
  return el;
}

function childElements(el: Element): Element[] {
  return Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
}

function c14n(node: Element): string {
  return new XmlCanonicalizer(false, true).Canonicalize(node);
}

function digestOf(node: Element): string {
  return streebog256(c14n(node)).toString('base64');
}

/** Puts the signature right after the container's start tag: the rest stays byte for byte. */
function insertAfterStartTag(xml: string, signature: string): string {
  const startTag = new RegExp(`<[\\w.:-]+(?:\\s[^>]*?)?\\sId\\s*=\\s*"${SIGNED_ELEMENT_ID}"[^>]*>`);
  const match = startTag.exec(xml);
  if (!match || match[0].endsWith('/>')) {
    throw new GisError('invalid-request', 'UNSIGNABLE', 'no start tag of signed-data-container');
  }
  const at = match.index + match[0].length;
  return xml.slice(0, at) + signature + xml.slice(at);
}
