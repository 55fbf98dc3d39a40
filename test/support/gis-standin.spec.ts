import { readFileSync } from 'fs';
import { join } from 'path';
import { validateEnvelopes } from '../fixtures/gis-zhkh/gis-xsd';
import {
  SOAP_ACTIONS,
  buildExportAppealRequest,
  buildGetStateRequest,
  buildImportAnswerRequest,
  type GisOperation,
  type GisRequestHeader,
} from '../../src/integrations/gis-zhkh/gis-messages';
import { parseSoapFault } from '../../src/integrations/gis-zhkh/gis-envelope';
import { parseAck, parseGetStateResult } from '../../src/integrations/gis-zhkh/gis-parsers';
import { GisAppealsStandIn } from './gis-standin';
import { postSoap as post } from './gis-standin-xml';
import type { GisAppeal, GisImportAction } from '../../src/integrations/gis-zhkh/gis-types';

const FIXTURES = join(__dirname, '../fixtures/gis-zhkh');
const APPEALS: GisAppeal[] = parseGetStateResult(
  readFileSync(join(FIXTURES, 'get-state-export.xml'), 'utf8'),
).appeals;

const ANSWERER = 'e8d7c6b5-a493-4827-9160-5f4e3d2c1b0a';
const tg = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;
let guidCounter = 0;
const header = (): GisRequestHeader => ({
  date: new Date('2024-03-04T07:00:00.000Z'),
  messageGuid: `c2a9d5a4-0e1b-4f7a-93a1-${String(++guidCounter).padStart(12, '0')}`,
  orgPPAGuid: '0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a',
});

type Reply = Awaited<ReturnType<typeof post>>;

describe('GisAppealsStandIn', () => {
  let sut: GisAppealsStandIn;
  const call = (operation: GisOperation, xml: string) =>
    post(sut.url, SOAP_ACTIONS[operation], xml);
  const getState = (messageGuid: string) =>
    call('getState', buildGetStateRequest(header(), messageGuid));

  beforeEach(async () => {
    sut = await GisAppealsStandIn.start({ appeals: APPEALS });
  });

  afterEach(() => sut.stop());

  it('answers with envelopes that validate against the XSD: ack, states 1-2-3, results, errors', async () => {
    const replies: Array<{ name: string; xml: string }> = [];
    const keep = (name: string, reply: Reply) => {
      replies.push({ name, xml: reply.body });
      return reply;
    };

    const exportAck = keep(
      'ack',
      await call(
        'exportAppeal',
        buildExportAppealRequest(header(), { by: 'period', includeHcsAppeals: true }),
      ),
    );
    const { messageGuid } = parseAck(exportAck.body);
    keep('state 1', await getState(messageGuid));
    keep('state 2', await getState(messageGuid));
    keep('state 3 with appeals', await getState(messageGuid));

    const empty = parseAck(
      (
        await call(
          'exportAppeal',
          buildExportAppealRequest(header(), { by: 'period', endDate: '2000-01-01' }),
        )
      ).body,
    );
    sut.stateSequence = [3];
    keep('INT002012', await getState(empty.messageGuid));

    const actions: GisImportAction[] = [
      {
        kind: 'answer',
        transportGuid: tg(1),
        appeal: { appealGuid: APPEALS[0].appealGuid },
        answer: {
          transportGuid: tg(2),
          answererGuid: ANSWERER,
          load: { text: 'Ответ' },
          send: true,
        },
      },
      {
        kind: 'executed',
        transportGuid: tg(3),
        appeal: { appealNumber: 'нет-такого' },
        answererGuid: ANSWERER,
      },
    ];
    const importAck = parseAck(
      (await call('importAnswer', buildImportAnswerRequest(header(), actions))).body,
    );
    keep('import results', await getState(importAck.messageGuid));
    // After the answer, the export also carries history (Answer) and a changed appeal.
    const again = parseAck(
      (
        await call(
          'exportAppeal',
          buildExportAppealRequest(header(), {
            by: 'appealGuid',
            appealGuids: [APPEALS[0].appealGuid],
          }),
        )
      ).body,
    );
    keep('export after import', await getState(again.messageGuid));
    keep('unknown message', await getState(tg(77)));
    sut.failNext(1, { kind: 'fault', code: 'STANDIN_TEST', message: 'сбой' });
    keep('fault', await getState(messageGuid));

    expect(await validateEnvelopes(replies)).toEqual({});
    const exported = parseGetStateResult(replies[3].xml);
    // What the stand-in serialises parses back to the very appeals it was given.
    expect(exported.appeals).toEqual(APPEALS);
    expect(parseGetStateResult(replies[4].xml).nothingToExport).toBe(true);
  });

  it('walks each MessageGUID through the configured states independently', async () => {
    sut.stateSequence = [1, 2, 2, 3];
    const a = parseAck(
      (await call('exportAppeal', buildExportAppealRequest(header(), { by: 'period' }))).body,
    );
    const b = parseAck(
      (await call('exportAppeal', buildExportAppealRequest(header(), { by: 'period' }))).body,
    );
    const states = async (guid: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++)
        out.push(parseGetStateResult((await getState(guid)).body).requestState);
      return out;
    };
    expect(await states(a.messageGuid, 5)).toEqual([1, 2, 2, 3, 3]);
    expect(await states(b.messageGuid, 2)).toEqual([1, 2]);
    expect(a.messageGuid).not.toBe(b.messageGuid);
  });

  it('echoes the request MessageGUID as RequesterMessageGUID and records every request', async () => {
    const h = header();
    const xml = buildExportAppealRequest(h, {
      by: 'appealNumber',
      appealNumbers: ['28-2024-000123'],
    });
    const ack = parseAck((await call('exportAppeal', xml)).body);
    expect(ack.requesterMessageGuid).toBe(h.messageGuid);
    expect(sut.requests).toEqual([
      expect.objectContaining({
        operation: 'exportAppeal',
        soapAction: '"urn:exportAppeal"',
        body: xml,
      }),
    ]);
    expect(sut.received('exportAppeal')[0]).toMatchObject({
      filter: { by: 'appealNumber', appealNumbers: ['28-2024-000123'] },
    });
  });

  it('fails exactly the next N requests, then serves normally', async () => {
    sut.failNext(2, { kind: 'fault', code: 'STANDIN_TEST', message: 'сбой' });
    const xml = buildExportAppealRequest(header(), { by: 'period' });
    const replies = [
      await call('exportAppeal', xml),
      await call('exportAppeal', xml),
      await call('exportAppeal', xml),
    ];
    expect(replies.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(parseSoapFault(replies[0].body)).toMatchObject({ errorCode: 'STANDIN_TEST' });
  });

  it('refuses a missing or mismatched SOAPAction with a fault', async () => {
    const xml = buildExportAppealRequest(header(), { by: 'period' });
    const missing = await post(sut.url, undefined, xml);
    const mismatched = await call('importAnswer', xml);
    for (const reply of [missing, mismatched]) {
      expect(reply.status).toBe(500);
      expect(parseSoapFault(reply.body)).toMatchObject({ errorCode: 'STANDIN_BAD_SOAPACTION' });
    }
  });

  it('with a schema check plugged in, refuses an invalid request with a fault', async () => {
    await sut.stop();
    sut = await GisAppealsStandIn.start({
      validate: async (xml) => Object.values(await validateEnvelopes([{ name: 'r', xml }])).flat(),
    });
    const bad = buildExportAppealRequest(header(), {
      by: 'period',
      startDate: '2024-03-01',
    }).replace('2024-03-01', '2024-03-32');
    const reply = await call('exportAppeal', bad);
    expect(reply.status).toBe(500);
    expect(parseSoapFault(reply.body)).toMatchObject({
      errorCode: 'STANDIN_SCHEMA',
      errorMessage: expect.stringContaining('StartDate'),
    });
  });

  it('rejects sending an answer that does not exist, per TransportGUID', async () => {
    sut.stateSequence = [3];
    const actions: GisImportAction[] = [
      {
        kind: 'answer',
        transportGuid: tg(1),
        appeal: { appealGuid: APPEALS[0].appealGuid },
        answer: {
          transportGuid: tg(2),
          answerGuid: '0a1b2c3d-4e5f-4a6b-8c7d-000000000000',
          answererGuid: ANSWERER,
          send: true,
        },
      },
      {
        kind: 'answer-not-required',
        transportGuid: tg(3),
        appeal: { appealGuid: APPEALS[1].appealGuid },
        answererGuid: ANSWERER,
        cause: 'Текст не поддаётся прочтению',
      },
    ];
    const ack = parseAck(
      (await call('importAnswer', buildImportAnswerRequest(header(), actions))).body,
    );
    const { importResults } = parseGetStateResult((await getState(ack.messageGuid)).body);
    expect(importResults).toEqual([
      expect.objectContaining({ transportGuid: tg(1), ok: false }),
      expect.objectContaining({ transportGuid: tg(2), ok: false }),
      expect.objectContaining({ transportGuid: tg(3), ok: true, guid: APPEALS[1].appealGuid }),
    ]);
    expect(sut.appeal(APPEALS[1].appealGuid)).toMatchObject({ answerIsNotRequired: true });
  });
});
