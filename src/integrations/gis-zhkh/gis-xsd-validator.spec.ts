import { GisError } from './gis-error';
import {
  buildExportAppealRequest,
  buildGetStateRequest,
  buildImportAnswerRequest,
  type GisRequestHeader,
} from './gis-messages';
import type { GisImportAction } from './gis-types';
import {
  GisXsdValidator,
  describeXsdError,
  summarizeXsdProblems,
  type XsdProblem,
} from './gis-xsd-validator';
import type { AppConfig } from '../../config/app-config';
import { gisValidationProviders, validating } from './gis-xsd-signer';
import type { Signer } from './gis-client';

const HEADER: GisRequestHeader = {
  date: new Date('2026-04-10T06:00:00.000Z'),
  messageGuid: 'c2a9d5a4-0e1b-4f7a-93a1-5d5f0f3b6a01',
  orgPPAGuid: '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
};
const ANSWERER = 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a';
const SECRET = 'Смирнова Ольга, ул. Садовая, д. 5';

const ANSWER: GisImportAction = {
  kind: 'answer',
  transportGuid: '11111111-2222-4333-8444-000000000001',
  appeal: { appealGuid: '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01' },
  answer: {
    transportGuid: '11111111-2222-4333-8444-000000000002',
    answererGuid: ANSWERER,
    load: { text: `Отопление восстановлено. ${SECRET}` },
    send: true,
  },
};
const EXECUTED: GisImportAction = {
  kind: 'executed',
  transportGuid: '11111111-2222-4333-8444-000000000003',
  appeal: { appealGuid: '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01' },
  answererGuid: ANSWERER,
};

const importAnswer = () => buildImportAnswerRequest(HEADER, [ANSWER, EXECUTED]);

describe('GisXsdValidator', () => {
  const sut = new GisXsdValidator();

  it('passes a valid importAnswerRequest, exportAppealRequest and getStateRequest', async () => {
    expect(await sut.validateEnvelope(importAnswer())).toEqual([]);
    const exp = buildExportAppealRequest(HEADER, {
      by: 'period',
      startDate: '2026-04-01',
      endDate: '2026-04-10',
    });
    expect(await sut.validateEnvelope(exp)).toEqual([]);
    expect(await sut.validateEnvelope(buildGetStateRequest(HEADER, HEADER.messageGuid))).toEqual(
      [],
    );
  });

  it('names the element when a mandatory one is missing (AnswererGUID)', async () => {
    const broken = importAnswer().replace(`<ap:AnswererGUID>${ANSWERER}</ap:AnswererGUID>`, '');

    const problems = await sut.validateEnvelope(broken);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ part: 'body[0]', line: 1 });
    expect(problems[0].element).toMatch(/\}(LoadAnswer|AnswererGUID)$/);
    expect(summarizeXsdProblems(problems)).toContain('AnswererGUID');
  });

  it('names the element and the facet of a text over its limit, without the text', async () => {
    const long = `${SECRET} `.repeat(400); // > 10,000 characters
    const broken = importAnswer().replace(/<ap:AnswerText>[^<]*</, `<ap:AnswerText>${long}<`);

    const problems = await sut.validateEnvelope(broken);

    expect(problems).toEqual([
      expect.objectContaining({
        element: '{http://dom.gosuslugi.ru/schema/integration/appeals/}AnswerText',
        reason: `facet maxLength: length ${[...long].length}, maximum 10000`,
      }),
    ]);
    const summary = summarizeXsdProblems(problems);
    expect(summary).toContain('AnswerText');
    expect(summary).not.toContain('Смирнова');
  });

  it('keeps a value that breaks a pattern or a type out of the summary', async () => {
    const broken = importAnswer()
      .replace('11111111-2222-4333-8444-000000000003', 'Смирнова-Ольга')
      .replace('<ap:SendAnswer>true<', '<ap:SendAnswer>Садовая<');

    const problems = await sut.validateEnvelope(broken);

    const summary = summarizeXsdProblems(problems, 10);
    expect(summary).toContain('TransportGUID');
    expect(summary).toContain('SendAnswer');
    expect(summary).not.toMatch(/Смирнова|Ольга|Садовая/);
  });

  it('checks the header too, and says when no schema knows the root element', async () => {
    const badHeader = importAnswer().replace(/<base:orgPPAGUID>[^<]*</, '<base:orgPPAGUID>x<');
    expect(summarizeXsdProblems(await sut.validateEnvelope(badHeader))).toMatch(
      /^header\[0\] line 1 orgPPAGUID: /,
    );
    const alien = importAnswer().replace(
      /<soapenv:Body>[\s\S]*<\/soapenv:Body>/,
      '<soapenv:Body><x:thing xmlns:x="urn:other">Ольга</x:thing></soapenv:Body>',
    );
    expect(summarizeXsdProblems(await sut.validateEnvelope(alien))).toBe(
      'body[0]: no schema for the root namespace urn:other',
    );
  });

  it('validates many envelopes in one call, each with its own problems', async () => {
    const broken = importAnswer().replace(`<ap:AnswererGUID>${ANSWERER}</ap:AnswererGUID>`, '');

    const result = await sut.validateEnvelopes([
      { name: 'a', xml: importAnswer() },
      { name: 'b', xml: broken },
      { name: 'c', xml: buildGetStateRequest(HEADER, HEADER.messageGuid) },
    ]);

    expect(Object.keys(result)).toEqual(['b']);
  });
});

describe('describeXsdError', () => {
  const at = (message: string): XsdProblem => describeXsdError('body[0]', { line: 3, message });

  it.each([
    [
      "element X: Schemas validity error : Element '{urn:a}X': [facet 'pattern'] The value 'Иванов' is not accepted by the pattern '[0-9]+'.",
      'facet pattern: the value breaks it',
    ],
    [
      "element X: Schemas validity error : Element '{urn:a}X': 'Иванов' is not a valid value of the atomic type 'xs:boolean'.",
      'not a valid value of type xs:boolean',
    ],
    [
      "element X: Schemas validity error : Element '{urn:a}X': The value 'Иванов' is not an element of the set {'a', 'b'}.",
      'The value',
    ],
    [
      "element X: Schemas validity error : Element '{urn:a}X': Duplicate key-sequence ['Иванов'] in key identity-constraint '{urn:a}k'.",
      'duplicate key in {urn:a}k',
    ],
  ])('keeps the rule and drops the value: %s', (message, reason) => {
    const problem = at(message);
    expect(problem).toEqual({ part: 'body[0]', line: 3, element: '{urn:a}X', reason });
    expect(JSON.stringify(problem)).not.toContain('Иванов');
  });
});

describe('validating(signer, validator)', () => {
  const sut = (inner: Signer) => validating(inner, new GisXsdValidator());

  it('signs a valid message', async () => {
    const inner = { sign: jest.fn((xml: string) => Promise.resolve(`signed:${xml.length}`)) };
    const xml = importAnswer();

    await expect(sut(inner).sign(xml)).resolves.toBe(`signed:${xml.length}`);
    expect(inner.sign).toHaveBeenCalledWith(xml);
  });

  it('never hands an invalid message to the signer: XSD_INVALID, no content', async () => {
    const inner = { sign: jest.fn((xml: string) => Promise.resolve(xml)) };
    const broken = importAnswer().replace('<ap:SendAnswer>true<', `<ap:SendAnswer>${SECRET}<`);

    const error = await sut(inner)
      .sign(broken)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GisError);
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'XSD_INVALID' });
    expect((error as GisError).description).toContain('SendAnswer');
    expect((error as GisError).message).not.toContain('Смирнова');
    expect(inner.sign).not.toHaveBeenCalled();
  });
});

describe('gisValidationProviders', () => {
  const TOKEN = Symbol('signer');
  const factory = (validateOutgoing: boolean) => {
    const provider = gisValidationProviders(TOKEN)[1] as {
      useFactory: (s: Signer, v: GisXsdValidator, c: AppConfig) => Signer;
    };
    const inner = { sign: jest.fn((xml: string) => Promise.resolve(xml)) };
    const config = { gis: { validateOutgoing } } as AppConfig;
    return { inner, sut: provider.useFactory(inner, new GisXsdValidator(), config) };
  };
  const broken = () => importAnswer().replace('<ap:SendAnswer>true<', '<ap:SendAnswer>x<');

  it('wraps the bound signer by default', async () => {
    const { inner, sut } = factory(true);
    await expect(sut.sign(broken())).rejects.toMatchObject({ code: 'XSD_INVALID' });
    expect(inner.sign).not.toHaveBeenCalled();
  });

  it('hands the bound signer through when switched off (GIS_ZHKH_VALIDATE_OUTGOING=false)', () => {
    const { inner, sut } = factory(false);
    expect(sut).toBe(inner);
  });
});
