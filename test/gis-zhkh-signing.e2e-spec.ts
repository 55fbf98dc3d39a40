import { GisError } from '../src/integrations/gis-zhkh/gis-error';
import { GIS_OUTBOX_MAX_ATTEMPTS, GIS_SIGNER } from '../src/integrations/gis-zhkh/gis-sync.service';
import type { Signer } from '../src/integrations/gis-zhkh/gis-client';
import {
  assignToNewOfficer,
  gisSync,
  importedAppealId,
  localSignerEnv,
  scriptedGisAppeal,
  startGisTestApp,
  stopGisTestApp,
} from './support/gis-e2e';
import { GisAppealsStandIn } from './support/gis-standin';
import { gostTestKeys } from './support/gost-test-keys';
import { verifyGisSignature } from './support/gost-xmldsig-verifier';
import type { TestApp } from './support/test-app';

const GUID = '5e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a07';

const APPEAL = scriptedGisAppeal({ appealGuid: GUID, appealNumber: '28-2026-000107' });

describe('ГИС ЖКХ signing (GIS_ZHKH_SIGNER=local against a stand-in that verifies signatures)', () => {
  let standIn: GisAppealsStandIn;
  let t: TestApp;

  beforeAll(async () => {
    const keys = await gostTestKeys();
    standIn = await GisAppealsStandIn.start({
      appeals: [APPEAL],
      // Verified with none of the signing code (test/support/gost-xmldsig-verifier.ts).
      verifySignatures: (xml) => verifyGisSignature(xml).ok,
    });
    t = await startGisTestApp(standIn, localSignerEnv(keys));
  });
  afterAll(() => stopGisTestApp(t, standIn));

  const sync = () => gisSync(t);
  const outbox = () =>
    t.db.query<{ status: string; attempts: number; last_error: string | null }[]>(
      `SELECT status, attempts, last_error FROM gis_outbox WHERE action = 'answer'`,
    );
  const bodies = (operation: string) =>
    standIn.requests.filter((r) => r.operation === operation).map((r) => r.body);

  it('imports an appeal with a signed exportAppealRequest that verifies independently', async () => {
    const run = await sync();

    expect(run).toMatchObject({ status: 'ok', counts: { exported: 1, imported: 1 } });
    const [exportRequest] = bodies('exportAppeal');
    expect(verifyGisSignature(exportRequest)).toEqual({ ok: true, errors: [] });
  });

  it('keeps the answer in the outbox while signatures are refused, and sends it once they verify', async () => {
    const id = await importedAppealId(t, GUID);
    const { officer } = await assignToNewOfficer(t, id);
    await t.http
      .post(`/api/v1/appeals/${id}/answer`)
      .auth(officer.token, { type: 'bearer' })
      .send({ text: 'Фильтры заменены, вода соответствует СанПиН.', outcome: 'supported' })
      .expect(200);

    const signer = t.app.get<Signer>(GIS_SIGNER);
    // The signing service is down for longer than the attempt limit: nothing is sent, and no
    // attempt is used up, so the rows are still due when it is back.
    const down = jest
      .spyOn(signer, 'sign')
      .mockRejectedValue(new GisError('transport', 'SIGNER_UNREACHABLE', 'signing service down'));
    const requestsBefore = standIn.requests.length;
    for (let i = 0; i <= GIS_OUTBOX_MAX_ATTEMPTS; i++) {
      // The export cannot be signed either: the run is an error.
      expect(await sync()).toMatchObject({ status: 'error' });
    }
    down.mockRestore();
    expect(standIn.requests.length).toBe(requestsBefore);
    const [waiting] = await outbox();
    expect(waiting).toMatchObject({ status: 'failed', attempts: 0 });
    expect(waiting.last_error).toContain('SIGNER_UNREACHABLE');

    // A signer whose signatures do not verify (one byte of SignatureValue flipped).
    const sign = signer.sign.bind(signer);
    const corrupt = jest
      .spyOn(signer, 'sign')
      .mockImplementation(async (xml) =>
        (await sign(xml)).replace(
          /(<ds:SignatureValue[^>]*>)(.)/,
          (_m, tag: string, c: string) => tag + (c === 'A' ? 'B' : 'A'),
        ),
      );
    const faultsBefore = standIn.requests.length;
    await sync();
    corrupt.mockRestore();

    // Every message of that run was refused with a fault (the stand-in parses only accepted ones).
    const refused = standIn.requests
      .slice(faultsBefore)
      .filter((r) => r.operation === 'importAnswer');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.filter((r) => r.parsed)).toEqual([]);
    const [held] = await outbox();
    expect(held).toMatchObject({ status: 'failed', attempts: 1 });
    expect(held.last_error).toContain('STANDIN_SIGNATURE');
    expect(standIn.appeal(GUID)?.history.some((h) => h.event.kind === 'answer')).toBe(false);

    const run = await sync();

    // The assignment, the answer and its «executed» action: every row that waited goes now.
    expect(run.counts).toMatchObject({ sent: 3, sendFailed: 0 });
    expect(await outbox()).toEqual([expect.objectContaining({ status: 'sent', last_error: null })]);
    expect(standIn.appeal(GUID)?.history.some((h) => h.event.kind === 'answer')).toBe(true);
    const answered = bodies('importAnswer').filter(
      (b) => b.includes('<ap:AnswerAction>') && verifyGisSignature(b).ok,
    );
    expect(answered).toHaveLength(1);
  });
});
