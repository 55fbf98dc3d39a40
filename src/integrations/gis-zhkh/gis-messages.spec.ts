import { readFileSync } from 'fs';
import { join } from 'path';
import { XMLParser } from 'fast-xml-parser';
import { FakeSigner } from '../../../test/fixtures/gis-zhkh/fake-signer';
import { SCHEMA_DIR, validateEnvelopes } from '../../../test/fixtures/gis-zhkh/gis-xsd';
import { parseGisRequest } from '../../../test/support/gis-request-parser';
import { GisError } from './gis-error';
import {
  NS,
  SOAP_ACTIONS,
  buildExportAppealRequest,
  buildGetStateRequest,
  buildImportAnswerRequest,
  splitImportActions,
  transportGuidFor,
  xmlEscape,
  type GisRequestHeader,
} from './gis-messages';
import type { GisAttachmentRef, GisExportFilter, GisImportAction } from './gis-types';

const HEADER: GisRequestHeader = {
  date: new Date('2024-03-04T07:00:00.000Z'),
  messageGuid: 'c2a9d5a4-0e1b-4f7a-93a1-5d5f0f3b6a01',
  orgPPAGuid: '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
};

const APPEAL = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01';
const OTHER_APPEAL = '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a02';
const ANSWERER = 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a';
const tg = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;

const FILE: GisAttachmentRef = {
  name: 'ответ.pdf',
  description: 'Ответ на обращение',
  attachmentGuid: 'c0ffee00-1111-4222-8333-444455556603',
  hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

/** One action of each kind the SPEC names, plus the variants the XSD allows. */
const ALL_ACTIONS: GisImportAction[] = [
  {
    kind: 'answer',
    transportGuid: tg(1),
    appeal: { appealGuid: APPEAL },
    answer: {
      transportGuid: tg(2),
      answererGuid: ANSWERER,
      load: {
        text: 'Перерасчёт за февраль выполнен; <сумма> & срок — в квитанции за март.',
        attachments: [FILE],
        signedAttachments: [
          {
            attachment: FILE,
            signatures: [
              { name: 'ответ.pdf.sig', attachmentGuid: 'c0ffee00-1111-4222-8333-444455556604' },
            ],
          },
        ],
      },
      send: true,
    },
  },
  {
    kind: 'answer',
    transportGuid: tg(3),
    appeal: { appealNumber: '28-2024-000124' },
    answer: {
      transportGuid: tg(4),
      answerGuid: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
      answererGuid: ANSWERER,
      send: true,
    },
  },
  {
    kind: 'assign-performer',
    transportGuid: tg(5),
    appeal: { appealGuid: APPEAL },
    answererGuid: ANSWERER,
    dateOfAppointment: '2024-03-12',
  },
  {
    kind: 'roll-over',
    transportGuid: tg(6),
    appeal: { appealGuid: OTHER_APPEAL },
    answererGuid: ANSWERER,
    executionDate: '2024-04-15',
    comment: 'Нужна сверка с региональным оператором',
    attachments: [FILE],
  },
  {
    kind: 'redirect',
    transportGuid: tg(7),
    appeal: { appealNumber: '28-2024-000125' },
    answererGuid: ANSWERER,
    receivers: [
      { orgRootEntityGuid: 'd4c3b2a1-0f9e-4d8c-b7a6-958473625140', comment: 'По компетенции' },
      { orgRootEntityGuid: 'aa11bb22-cc33-4d44-8e55-ff6600778899', attachments: [FILE] },
    ],
  },
  {
    kind: 'answer-not-required',
    transportGuid: tg(8),
    appeal: { appealNumber: '28-2024-000126' },
    answererGuid: ANSWERER,
    cause: 'Повторное обращение, ответ дан 05.03.2024 (ч. 5 ст. 11 Федерального закона № 59-ФЗ)',
  },
  {
    kind: 'executed',
    transportGuid: tg(9),
    appeal: { appealNumber: '28-2024-000127' },
    answererGuid: ANSWERER,
  },
];

const FILTERS: Record<string, GisExportFilter> = {
  'period, dates only': { by: 'period', startDate: '2024-03-01', endDate: '2024-03-04' },
  'period, every criterion': {
    by: 'period',
    startDate: '2024-03-01',
    endDate: '2024-03-31',
    theme: { code: '4', guid: 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', name: 'Качество услуг' },
    fiasHouseGuids: [
      '5b7a3c2e-1d4f-4e6a-9b8c-7d6e5f4a3b2c',
      '5b7a3c2e-1d4f-4e6a-9b8c-7d6e5f4a3b2d',
    ],
    statuses: ['Withdrawn', 'Sent', 'InWork'],
    includeHcsAppeals: true,
  },
  'by AppealGUID': { by: 'appealGuid', appealGuids: [APPEAL, OTHER_APPEAL] },
  'by AppealNumber': { by: 'appealNumber', appealNumbers: ['28-2024-000123'] },
};

function requests(): Array<{ name: string; xml: string }> {
  return [
    { name: 'getState', xml: buildGetStateRequest(HEADER, tg(99)) },
    ...Object.entries(FILTERS).map(([name, filter]) => ({
      name: `exportAppeal ${name}`,
      xml: buildExportAppealRequest(HEADER, filter),
    })),
    { name: 'importAnswer, all actions', xml: buildImportAnswerRequest(HEADER, ALL_ACTIONS) },
    ...ALL_ACTIONS.map((a, i) => ({
      name: `importAnswer ${i} ${a.kind}`,
      xml: buildImportAnswerRequest(HEADER, [a]),
    })),
    {
      name: 'header with IsOperatorSignature and ISCreator',
      xml: buildGetStateRequest(
        {
          ...HEADER,
          isOperatorSignature: true,
          isCreator: { isName: 'Appeals Desk', isOperatorName: 'ООО «Ромашка»' },
        },
        tg(99),
      ),
    },
  ];
}

interface WsdlOperation {
  '@name': string;
  'soap:operation': { '@soapAction': string };
}

const invalidRequest = expect.objectContaining({
  kind: 'invalid-request',
  code: 'INVALID_REQUEST',
});

describe('gis-messages', () => {
  describe('XSD validity', () => {
    it('every request the builders produce validates against the 14.4.0.1 schemas', async () => {
      expect(await validateEnvelopes(requests())).toEqual({});
    });

    it('stays valid once a signer has put ds:Signature into the signed element', async () => {
      const signer = new FakeSigner();
      const signed = await Promise.all(
        requests()
          .filter((r) => !r.name.startsWith('getState') && !r.name.startsWith('header'))
          .map(async (r) => ({ name: r.name, xml: await signer.sign(r.xml) })),
      );
      expect(signed.every((s) => s.xml.includes('<ds:Signature'))).toBe(true);
      expect(await validateEnvelopes(signed)).toEqual({});
    });

    it('the validator is real: it catches a reused TransportGUID (xs:key) and a bad order', async () => {
      const xml = buildImportAnswerRequest(HEADER, ALL_ACTIONS);
      const errors = await validateEnvelopes([
        { name: 'duplicate', xml: xml.replace(tg(2), tg(1)) },
        {
          name: 'order',
          xml: buildExportAppealRequest(HEADER, FILTERS['period, dates only']).replace(
            /<ap:StartDate>(.*?)<\/ap:StartDate><ap:EndDate>(.*?)<\/ap:EndDate>/,
            '<ap:EndDate>$2</ap:EndDate><ap:StartDate>$1</ap:StartDate>',
          ),
        },
      ]);
      expect(errors['duplicate body[0]'].join()).toMatch(/Duplicate key-sequence/);
      expect(errors['order body[0]'].join()).toMatch(/StartDate': This element is not expected/);
    });
  });

  describe('structure', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

    it('uses the schemas’ targetNamespaces and the WSDL’s SOAP actions', () => {
      const targetNamespace = (file: string) =>
        /targetNamespace="([^"]+)"/.exec(readFileSync(join(SCHEMA_DIR, file), 'utf8'))![1];
      expect(NS.ap).toBe(targetNamespace('appeals/hcs-appeals-types.xsd'));
      expect(NS.base).toBe(targetNamespace('lib/hcs-base.xsd'));
      expect(NS.nsi).toBe(targetNamespace('lib/hcs-nsi-base.xsd'));
      expect(NS.org).toBe(targetNamespace('lib/hcs-organizations-registry-base.xsd'));

      const wsdl = readFileSync(join(SCHEMA_DIR, 'appeals/hcs-appeals-service-async.wsdl'), 'utf8');
      const operations = parser.parse(wsdl)['wsdl:definitions']['wsdl:binding']['wsdl:operation'];
      const fromWsdl = Object.fromEntries(
        (operations as WsdlOperation[]).map((op) => [
          op['@name'],
          op['soap:operation']['@soapAction'],
        ]),
      );
      expect(SOAP_ACTIONS).toEqual(fromWsdl);
    });

    it('puts RequestHeader with Date, MessageGUID and orgPPAGUID into the SOAP 1.1 header', () => {
      const doc = parser.parse(buildGetStateRequest(HEADER, tg(99)));
      const envelope = doc['soapenv:Envelope'];
      expect(envelope['@xmlns:soapenv']).toBe('http://schemas.xmlsoap.org/soap/envelope/');
      expect(envelope['soapenv:Header']['base:RequestHeader']).toEqual({
        'base:Date': '2024-03-04T07:00:00.000Z',
        'base:MessageGUID': HEADER.messageGuid,
        'base:orgPPAGUID': HEADER.orgPPAGuid,
      });
      expect(envelope['soapenv:Body']).toEqual({
        'base:getStateRequest': { 'base:MessageGUID': tg(99) },
      });
    });

    it('marks signable requests with Id and base:version; getStateRequest has neither', () => {
      const exportXml = buildExportAppealRequest(HEADER, FILTERS['by AppealGUID']);
      expect(exportXml).toContain(
        '<ap:exportAppealRequest Id="signed-data-container" base:version="14.4.0.1">',
      );
      expect(buildImportAnswerRequest(HEADER, ALL_ACTIONS)).toContain(
        '<ap:importAnswerRequest Id="signed-data-container" base:version="13.2.1.0">',
      );
      expect(buildGetStateRequest(HEADER, tg(99))).not.toContain('signed-data-container');
    });

    it('writes the date window as StartDate/EndDate and statuses in schema order', () => {
      const xml = buildExportAppealRequest(HEADER, FILTERS['period, every criterion']);
      expect(xml).toContain(
        '<ap:StartDate>2024-03-01</ap:StartDate><ap:EndDate>2024-03-31</ap:EndDate>',
      );
      expect(xml).toContain(
        '<ap:StatusOfAppeal><ap:Sent>true</ap:Sent><ap:InWork>true</ap:InWork><ap:Withdrawn>true</ap:Withdrawn></ap:StatusOfAppeal>',
      );
    });

    it('lists AnswerActions before AppealActions, whatever the input order', () => {
      const xml = buildImportAnswerRequest(HEADER, [...ALL_ACTIONS].reverse());
      const order = [...xml.matchAll(/<ap:(AnswerAction|AppealAction)>/g)].map((m) => m[1]);
      expect(order).toEqual([
        'AnswerAction',
        'AnswerAction',
        'AppealAction',
        'AppealAction',
        'AppealAction',
        'AppealAction',
        'AppealAction',
      ]);
    });

    it('round-trips: what the builders write parses back to the same input', () => {
      for (const filter of Object.values(FILTERS)) {
        const parsed = parseGisRequest(buildExportAppealRequest(HEADER, filter));
        const expected =
          filter.by === 'period' && filter.statuses
            ? { ...filter, statuses: ['Sent', 'InWork', 'Withdrawn'] }
            : filter;
        expect(parsed).toEqual({ operation: 'exportAppeal', header: HEADER, filter: expected });
      }
      expect(parseGisRequest(buildImportAnswerRequest(HEADER, ALL_ACTIONS))).toEqual({
        operation: 'importAnswer',
        header: HEADER,
        actions: ALL_ACTIONS,
      });
    });

    it('escapes markup and drops characters XML 1.0 cannot carry', () => {
      expect(xmlEscape(`a<b>&"c'\u0001\u0008d\te`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d\te');
    });
  });

  describe('input checks (the XSD rules, enforced before anything is sent)', () => {
    const performer = ALL_ACTIONS[2] as Extract<GisImportAction, { kind: 'assign-performer' }>;

    it('rejects a malformed GUID or date', () => {
      expect(() => buildGetStateRequest(HEADER, 'not-a-guid')).toThrow(invalidRequest);
      expect(() =>
        buildExportAppealRequest(HEADER, { by: 'period', startDate: '01.03.2024' }),
      ).toThrow(invalidRequest);
      expect(() =>
        buildImportAnswerRequest(HEADER, [{ ...performer, dateOfAppointment: '2024-02-30x' }]),
      ).toThrow(invalidRequest);
    });

    it('rejects a window whose start is after its end', () => {
      expect(() =>
        buildExportAppealRequest(HEADER, {
          by: 'period',
          startDate: '2024-03-05',
          endDate: '2024-03-04',
        }),
      ).toThrow(invalidRequest);
    });

    it('rejects a TransportGUID used twice, even between an action and its answer', () => {
      const answer = ALL_ACTIONS[0] as Extract<GisImportAction, { kind: 'answer' }>;
      expect(() =>
        buildImportAnswerRequest(HEADER, [
          { ...answer, answer: { ...answer.answer, transportGuid: answer.transportGuid } },
        ]),
      ).toThrow(invalidRequest);
    });

    it('rejects two AppealActions for the same appeal in one request', () => {
      const executed: GisImportAction = {
        kind: 'executed',
        transportGuid: tg(50),
        appeal: { appealGuid: APPEAL },
        answererGuid: ANSWERER,
      };
      expect(() => buildImportAnswerRequest(HEADER, [performer, executed])).toThrow(invalidRequest);
    });

    it('rejects an answer with neither LoadAnswer nor SendAnswer, and an empty request', () => {
      const answer = ALL_ACTIONS[1] as Extract<GisImportAction, { kind: 'answer' }>;
      expect(() =>
        buildImportAnswerRequest(HEADER, [
          { ...answer, answer: { ...answer.answer, send: false } },
        ]),
      ).toThrow(invalidRequest);
      expect(() => buildImportAnswerRequest(HEADER, [])).toThrow(GisError);
    });

    it('rejects texts beyond the schema limits without quoting them', () => {
      const rollOver = ALL_ACTIONS[3] as Extract<GisImportAction, { kind: 'roll-over' }>;
      const long = 'x'.repeat(1001);
      const sut = () => buildImportAnswerRequest(HEADER, [{ ...rollOver, comment: long }]);
      expect(sut).toThrow(invalidRequest);
      expect(sut).toThrow(
        expect.not.objectContaining({ description: expect.stringContaining(long) }),
      );
      expect(() => buildImportAnswerRequest(HEADER, [{ ...rollOver, comment: '' }])).toThrow(
        invalidRequest,
      );
    });
  });

  describe('splitImportActions', () => {
    const action = (kind: 'assign-performer' | 'executed', appealGuid: string, n: number) =>
      ({
        kind,
        transportGuid: tg(n),
        appeal: { appealGuid },
        answererGuid: ANSWERER,
      }) as GisImportAction;

    it('keeps one AppealAction per appeal per request and preserves the order per appeal', () => {
      const batches = splitImportActions([
        action('assign-performer', APPEAL, 21),
        action('assign-performer', OTHER_APPEAL, 22),
        action('executed', APPEAL, 23),
        // An answer listed after 'executed' of its appeal must not be sent before it.
        ALL_ACTIONS[0],
      ]);
      expect(batches.map((b) => b.map((a) => a.transportGuid))).toEqual([
        [tg(21), tg(22)],
        [tg(23)],
        [ALL_ACTIONS[0].transportGuid],
      ]);
      for (const batch of batches)
        expect(() => buildImportAnswerRequest(HEADER, batch)).not.toThrow();
    });

    it('caps each request at the given number of AppealActions', () => {
      const many = Array.from({ length: 5 }, (_, i) =>
        action('executed', `3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1b0${i}`, 10 + i),
      );
      expect(splitImportActions(many, 2).map((b) => b.length)).toEqual([2, 2, 1]);
    });
  });

  describe('transportGuidFor', () => {
    it('derives the same valid UUID v5 from the same event, a different one otherwise', () => {
      const sut = transportGuidFor('appeal-event:42');
      expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(transportGuidFor('appeal-event:42')).toBe(sut);
      expect(transportGuidFor('appeal-event:43')).not.toBe(sut);
    });
  });
});
