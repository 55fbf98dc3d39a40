import { readFileSync } from 'fs';
import { join } from 'path';
import { validateEnvelopes } from '../../../test/fixtures/gis-zhkh/gis-xsd';
import { GisError } from './gis-error';
import { parseSoapFault } from './gis-envelope';
import {
  NOTHING_TO_EXPORT_CODE,
  parseAck,
  parseExportAppealResult,
  parseGetStateResult,
} from './gis-parsers';
import type { GisAppeal } from './gis-types';

const FIXTURES = join(__dirname, '../../../test/fixtures/gis-zhkh');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const RESPONSE_FIXTURES = [
  'ack.xml',
  'get-state-processing.xml',
  'get-state-export.xml',
  'get-state-nothing-to-export.xml',
  'get-state-error.xml',
  'get-state-import.xml',
  'export-appeal-result.xml',
  'soap-fault.xml',
];

/** The first fixture appeal, as the sync job will receive it. */
const FIRST_APPEAL: GisAppeal = {
  appealGuid: '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01',
  appealNumber: '28-2024-000123',
  createdOn: '2024-03-01',
  applicant: {
    kind: 'person',
    surname: 'Соколова',
    firstName: 'Анна',
    patronymic: 'Викторовна',
    postAddress: 'г. Тверь, ул. Речная, д. 7',
    apartmentNumber: '12',
    email: 'a.sokolova@example.com',
    phone: '+7 900 000-00-01',
  },
  topic: {
    kind: 'nsi',
    code: '4',
    guid: 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    name: 'Качество коммунальных услуг',
  },
  fiasHouseGuid: '5b7a3c2e-1d4f-4e6a-9b8c-7d6e5f4a3b2c',
  oktmo: { code: '28701000', name: 'город Тверь' },
  text: 'Третью неделю в квартире <15 °C>, батареи «еле тёплые» & управляющая компания не отвечает.',
  attachments: [
    {
      name: 'фото_батарея.jpg',
      description: 'Фото радиатора',
      attachmentGuid: 'c0ffee00-1111-4222-8333-444455556601',
      hash: '6f1ed002ab5595859014ebf0951522d9',
    },
    {
      name: 'акт.pdf',
      description: 'Акт замера температуры',
      attachmentGuid: 'c0ffee00-1111-4222-8333-444455556602',
    },
  ],
  history: [],
  status: 'Send',
  rolledOver: false,
  answerIsNotRequired: false,
  fromMobile: true,
  executionEndDate: '2024-03-29',
  npaRequirements: 'п. 31 Правил, утв. ПП РФ № 354: ответ в течение 10 рабочих дней',
  collective: false,
  neighbours: [],
};

describe('gis-parsers', () => {
  it('works on fixtures that are themselves valid against the XSD', async () => {
    const errors = await validateEnvelopes(
      RESPONSE_FIXTURES.map((name) => ({ name, xml: fixture(name) })),
    );
    expect(errors).toEqual({});
  });

  describe('parseAck', () => {
    it('reads the MessageGUID to poll and the echoed RequesterMessageGUID', () => {
      expect(parseAck(fixture('ack.xml'))).toEqual({
        messageGuid: '2f0c6c3e-8a55-11ee-b9d1-0242ac120002',
        requesterMessageGuid: 'c2a9d5a4-0e1b-4f7a-93a1-5d5f0f3b6a01',
      });
    });

    it('turns a SOAP Fault into a GisError with the code from base:Fault', () => {
      const sut = () => parseAck(fixture('soap-fault.xml'));
      expect(sut).toThrow(GisError);
      expect(sut).toThrow(
        expect.objectContaining({
          kind: 'fault',
          code: 'AUT011003',
          description: 'Доступ к запрашиваемому ресурсу запрещен',
        }),
      );
    });

    it('rejects what is not a SOAP envelope as a protocol error', () => {
      expect(() => parseAck('<html><body>502 Bad Gateway</body></html>')).toThrow(
        expect.objectContaining({ kind: 'protocol', code: 'MALFORMED_RESPONSE' }),
      );
      expect(() => parseAck('not xml <<<')).toThrow(expect.objectContaining({ kind: 'protocol' }));
    });
  });

  describe('parseSoapFault', () => {
    it('reads faultcode, faultstring and the ГИС ЖКХ detail', () => {
      expect(parseSoapFault(fixture('soap-fault.xml'))).toEqual({
        faultCode: 'soap:Server',
        faultString: 'Доступ к запрашиваемому ресурсу запрещен',
        errorCode: 'AUT011003',
        errorMessage: 'Доступ к запрашиваемому ресурсу запрещен',
      });
    });

    it('returns undefined for a normal answer or garbage', () => {
      expect(parseSoapFault(fixture('ack.xml'))).toBeUndefined();
      expect(parseSoapFault('<<<')).toBeUndefined();
    });
  });

  describe('parseGetStateResult', () => {
    it('reports a request still processing (RequestState 2) with no payload', () => {
      expect(parseGetStateResult(fixture('get-state-processing.xml'))).toEqual({
        messageGuid: '2f0c6c3e-8a55-11ee-b9d1-0242ac120002',
        requestState: 2,
        nothingToExport: false,
        appeals: [],
        importResults: [],
      });
    });

    it('maps every exported appeal to a GisAppeal', () => {
      const sut = parseGetStateResult(fixture('get-state-export.xml'));
      expect(sut.requestState).toBe(3);
      expect(sut.error).toBeUndefined();
      expect(sut.appeals.map((a) => a.appealNumber)).toEqual([
        '28-2024-000123',
        '28-2024-000124',
        '28-2024-000125',
      ]);
      expect(sut.appeals[0]).toEqual(FIRST_APPEAL);
    });

    it('maps an organisation applicant, history, extension and neighbours', () => {
      const [, second] = parseGetStateResult(fixture('get-state-export.xml')).appeals;
      expect(second).toMatchObject({
        applicant: {
          kind: 'organization',
          orgRootEntityGuid: 'd4c3b2a1-0f9e-4d8c-b7a6-958473625140',
          email: 'tsj@example.com',
        },
        topic: { kind: 'other', text: 'Перерасчёт платы за вывоз ТКО' },
        oktmo: { code: '28701000001' },
        answererGuid: 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a',
        status: 'InWork',
        rolledOver: true,
        executionEndDate: '2024-04-15',
        dateOfAppointment: '2024-03-12',
        collective: true,
        neighbours: [
          { kind: 'person', surname: 'Петров', firstName: 'Илья', apartmentNumber: '3' },
        ],
        history: [
          {
            changedOn: '2024-03-03',
            organizationGuid: 'aa11bb22-cc33-4d44-8e55-ff6600778899',
            event: { kind: 'change' },
          },
          {
            changedOn: '2024-03-10',
            event: {
              kind: 'rolled-over',
              executionDate: '2024-04-15',
              comment: 'Нужна сверка с региональным оператором',
              attachments: [],
              answererGuid: 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a',
            },
          },
        ],
      });
      expect(second.fiasHouseGuid).toBeUndefined();
    });

    it('maps an appeal generated by ГИС ЖКХ, its answer, assessment and withdrawal', () => {
      const [, , third] = parseGetStateResult(fixture('get-state-export.xml')).appeals;
      expect(third).toMatchObject({
        parentAppealGuid: '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01',
        applicant: { kind: 'hcs' },
        status: 'Withdrawn',
        redirected: 'not-hcs',
        answerIsNotRequired: true,
        withdrawn: { comment: 'Вопрос решён' },
        history: [
          {
            changedOn: '2024-03-05',
            event: {
              kind: 'answer',
              answerGuid: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
              answerNumber: 'О-17',
              sentOn: '2024-03-05',
              answererGuid: 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a',
              text: 'Отопление восстановлено 04.03.',
              attachments: [],
              isSent: true,
            },
          },
          {
            changedOn: '2024-03-06',
            event: {
              kind: 'assessment',
              result: 'partly-received',
              comment: 'Не указан срок перерасчёта',
            },
          },
        ],
      });
    });

    it(`reports ${NOTHING_TO_EXPORT_CODE} as an empty export, not as an error`, () => {
      expect(parseGetStateResult(fixture('get-state-nothing-to-export.xml'))).toEqual({
        messageGuid: '2f0c6c3e-8a55-11ee-b9d1-0242ac120002',
        requestState: 3,
        nothingToExport: true,
        appeals: [],
        importResults: [],
      });
    });

    it('reports any other ErrorMessage with its code and description', () => {
      const sut = parseGetStateResult(fixture('get-state-error.xml'));
      expect(sut.nothingToExport).toBe(false);
      expect(sut.error).toEqual({
        code: 'EXP001000',
        description: 'Произошла ошибка при обработке запроса. Повторите запрос позже',
      });
    });

    it('returns import results keyed by TransportGUID, successes and errors alike', () => {
      expect(parseGetStateResult(fixture('get-state-import.xml')).importResults).toEqual([
        {
          transportGuid: '11111111-2222-4333-8444-555555555501',
          ok: true,
          guid: 'a1f0e2d3-c4b5-4a69-8788-99aabbccdd01',
          updatedAt: '2024-03-05T09:01:10.512+03:00',
        },
        {
          transportGuid: '11111111-2222-4333-8444-555555555502',
          ok: true,
          guid: 'f3e2d1c0-b9a8-4796-8574-635241302f1e',
          uniqueNumber: '00000000000000000042',
          updatedAt: '2024-03-05T09:01:10.640+03:00',
        },
        {
          transportGuid: '11111111-2222-4333-8444-555555555503',
          ok: false,
          errors: [
            {
              code: 'SRV008003',
              description: 'Действие недоступно для обращения в текущем статусе',
            },
          ],
        },
      ]);
    });

    it('ignores namespace prefixes: renamed, default or numeric ones parse the same', () => {
      const original = fixture('get-state-export.xml');
      const renamed = original
        .replace(/ns7:/g, 'appeals:')
        .replace(/xmlns:ns7=/g, 'xmlns:appeals=')
        .replace(/ns2:/g, 'b:')
        .replace(/xmlns:ns2=/g, 'xmlns:b=')
        .replace(/soap:/g, 'SOAP-ENV:')
        .replace(/xmlns:soap=/g, 'xmlns:SOAP-ENV=');
      expect(parseGetStateResult(renamed)).toEqual(parseGetStateResult(original));
      // The import fixture already uses a default namespace in the header.
      expect(parseGetStateResult(fixture('get-state-import.xml')).requestState).toBe(3);
    });

    it('decodes numeric character references and keeps escaped markup as text', () => {
      const xml = fixture('get-state-export.xml').replace(
        'Просим сделать перерасчёт за февраль.',
        '&#1055;&#x440;&#1086;&#1089;&#1080;&#1084; &amp;lt;b&amp;gt;',
      );
      expect(parseGetStateResult(xml).appeals[1].text).toBe('Просим &lt;b&gt;');
    });

    it('rejects an unknown RequestState', () => {
      const xml = fixture('get-state-processing.xml').replace('RequestState>2<', 'RequestState>7<');
      expect(() => parseGetStateResult(xml)).toThrow(expect.objectContaining({ kind: 'protocol' }));
    });
  });

  describe('parseExportAppealResult', () => {
    it('reads the non-polled exportAppealResult with Appeal elements', () => {
      const sut = parseExportAppealResult(fixture('export-appeal-result.xml'));
      expect(sut.nothingToExport).toBe(false);
      expect(sut.appeals).toEqual([
        expect.objectContaining({
          appealNumber: '28-2024-000126',
          applicant: { kind: 'person', surname: 'Орлов', firstName: 'Глеб' },
          topic: { kind: 'nsi', code: '12', guid: 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c6e' },
          status: 'Send',
        }),
      ]);
    });
  });
});
