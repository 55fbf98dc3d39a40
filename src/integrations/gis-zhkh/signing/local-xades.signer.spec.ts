import { readFileSync } from 'fs';
import { validateEnvelopes } from '../../../../test/fixtures/gis-zhkh/gis-xsd';
import { gostTestKeys, makeGostTestKeys } from '../../../../test/support/gost-test-keys';
import { verifyGisSignature } from '../../../../test/support/gost-xmldsig-verifier';
import {
  buildExportAppealRequest,
  buildImportAnswerRequest,
  type GisRequestHeader,
} from '../gis-messages';
import type { GisImportAction } from '../gis-types';
import { loadGostSigningKey, SigningKeyError, type GostSigningKey } from './gost-signing-key';
import { LocalXadesSigner } from './local-xades.signer';

const HEADER: GisRequestHeader = {
  date: new Date('2024-03-04T07:00:00.000Z'),
  messageGuid: 'c2a9d5a4-0e1b-4f7a-93a1-5d5f0f3b6a01',
  orgPPAGuid: '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
};
const tg = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;
const ANSWER: GisImportAction = {
  kind: 'answer',
  transportGuid: tg(1),
  appeal: { appealGuid: '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01' },
  answer: {
    transportGuid: tg(2),
    answererGuid: 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a',
    load: { text: 'Перерасчёт выполнен; <сумма> & срок — в квитанции за март. '.repeat(60) },
    send: true,
  },
};
const EXPORT = buildExportAppealRequest(HEADER, {
  by: 'period',
  startDate: '2024-03-01',
  endDate: '2024-03-04',
});
const IMPORT = buildImportAnswerRequest(HEADER, [ANSWER]);
const AT = new Date('2024-03-04T07:00:01.000Z');

describe('LocalXadesSigner', () => {
  let key: GostSigningKey;
  let sut: LocalXadesSigner;

  beforeAll(async () => {
    const keys = await gostTestKeys();
    key = await loadGostSigningKey({ keyPem: keys.keyPem, certPem: keys.certPem });
    sut = new LocalXadesSigner(key, { now: () => AT, newId: () => 'test-id' });
  });

  it.each([
    ['exportAppealRequest', EXPORT],
    ['importAnswerRequest', IMPORT],
  ])('signs %s so that an independent verifier accepts it', async (_name, xml) => {
    const signed = await sut.sign(xml);

    expect(verifyGisSignature(signed)).toEqual({ ok: true, errors: [] });
  });

  it('keeps each signed message valid against the 14.4.0.1 schema', async () => {
    const signed = [
      { name: 'export', xml: await sut.sign(EXPORT) },
      { name: 'import', xml: await sut.sign(IMPORT) },
    ];

    expect(await validateEnvelopes(signed)).toEqual({});
  });

  it('puts ds:Signature first in signed-data-container, with the signing time and certificate', async () => {
    const signed = await sut.sign(EXPORT);

    expect(signed).toMatch(/Id="signed-data-container"[^>]*><ds:Signature /);
    expect(signed).toContain('<xades:SigningTime>2024-03-04T07:00:01.000Z</xades:SigningTime>');
    expect(signed).toContain(`<ds:X509SerialNumber>${key.serialNumber}</ds:X509SerialNumber>`);
    // RFC 4514: last RDN first, `"` and `,` escaped with a backslash.
    expect(signed).toContain(
      '<ds:X509IssuerName>C=RU,O=ООО \\&quot;Тест\\&quot;\\, ГИС ЖКХ,CN=Appeals Desk test signer<',
    );
  });

  it('changes nothing outside the signature', async () => {
    const signed = await sut.sign(IMPORT);

    expect(signed.replace(/<ds:Signature [\s\S]*<\/ds:Signature>/, '')).toBe(IMPORT);
  });

  it('produces a signature that fails once one character of the body is changed', async () => {
    const signed = await sut.sign(IMPORT);
    const tampered = signed.replace('Перерасчёт', 'Пересчёт');

    expect(tampered).not.toBe(signed);
    expect(verifyGisSignature(tampered).errors).toContain(
      'reference #signed-data-container: digest does not match',
    );
  });

  it('produces a signature that fails once the SignatureValue is changed', async () => {
    const signed = await sut.sign(EXPORT);
    const value = /<ds:SignatureValue[^>]*>([^<]+)</.exec(signed)![1];
    const bytes = Buffer.from(value, 'base64');
    bytes[10] ^= 1;
    const tampered = signed.replace(value, bytes.toString('base64'));

    expect(verifyGisSignature(tampered).errors).toEqual(['SignatureValue does not verify']);
  });

  it('produces a signature that fails with another certificate in KeyInfo', async () => {
    const other = await makeGostTestKeys('Someone else');
    const otherDer = readFileSync(other.certFile, 'utf8').replace(/-----[^-]+-----|\s/g, '');
    const signed = await sut.sign(EXPORT);
    const tampered = signed.replace(
      /<ds:X509Certificate>[^<]+</,
      `<ds:X509Certificate>${otherDer}<`,
    );

    expect(verifyGisSignature(tampered).errors).toEqual([
      'SigningCertificate digest does not match the certificate',
      'SignatureValue does not verify',
    ]);
  });

  it('refuses a message without signed-data-container and one signed already', async () => {
    await expect(sut.sign('<a/>')).rejects.toMatchObject({ code: 'UNSIGNABLE' });
    await expect(sut.sign(await sut.sign(EXPORT))).rejects.toMatchObject({
      code: 'ALREADY_SIGNED',
    });
  });
});

describe('loadGostSigningKey', () => {
  it('opens an encrypted PKCS#8 key with its password', async () => {
    const keys = await gostTestKeys();
    const keyPem = readFileSync(keys.encryptedKeyFile, 'utf8');

    const sut = await loadGostSigningKey({
      keyPem,
      certPem: keys.certPem,
      password: keys.password,
    });

    expect(sut.serialNumber).toMatch(/^\d+$/);
  });

  it('refuses a wrong password, a missing one, a key of another certificate and a non-key', async () => {
    const keys = await gostTestKeys();
    const other = await makeGostTestKeys('Someone else');
    const encrypted = readFileSync(keys.encryptedKeyFile, 'utf8');
    const load = (keyPem: string, password?: string, certPem = keys.certPem) =>
      loadGostSigningKey({ keyPem, certPem, password });

    await expect(load(encrypted, 'wrong')).rejects.toThrow(/wrong password/);
    await expect(load(encrypted)).rejects.toThrow(/password is needed/);
    await expect(load(keys.keyPem, undefined, other.certPem)).rejects.toThrow(
      /does not belong to the certificate/,
    );
    await expect(load('not a key')).rejects.toBeInstanceOf(SigningKeyError);
  });
});
