import { FakeSigner } from '../../../test/fixtures/gis-zhkh/fake-signer';
import { GisAppealsStandIn } from '../../../test/support/gis-standin';
import { LEGAL_ORG } from '../../../test/fixtures/gis-zhkh/gis-organizations';
import { GisError } from './gis-error';
import { GisOrgRegistryClient } from './gis-org-registry.client';

const ROOT = LEGAL_ORG.orgRootEntityGuid;

describe('GisOrgRegistryClient against the stand-in', () => {
  let standIn: GisAppealsStandIn;
  let signer: FakeSigner;
  let sleeps: number[];

  const client = () =>
    new GisOrgRegistryClient({
      endpoint: standIn.orgRegistryUrl,
      signer,
      timeoutMs: 5000,
      defaultPoll: { backoffMs: [1, 2, 3, 4] },
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });

  beforeEach(async () => {
    standIn = await GisAppealsStandIn.start({ organizations: [LEGAL_ORG] });
    signer = new FakeSigner();
    sleeps = [];
  });
  afterEach(() => standIn.stop());

  it('finds by orgRootEntityGUID and by ОГРН+КПП in one signed export, polling until done', async () => {
    const sut = await client().exportOrgRegistry([
      { by: 'orgRootEntityGuid', guid: ROOT },
      { by: 'ogrn', ogrn: '1027700132195', kpp: '773601001' },
    ]);
    expect(sut.organizations).toHaveLength(1);
    expect(sut.organizations[0]).toMatchObject({
      orgRootEntityGuid: ROOT,
      shortName: 'ООО «Управдом»',
      ogrn: '1027700132195',
      inn: '7707083893',
    });
    expect(standIn.orgRegistry.exports).toEqual([
      [
        { by: 'orgRootEntityGuid', guid: ROOT },
        { by: 'ogrn', ogrn: '1027700132195', kpp: '773601001' },
      ],
    ]);
    // The state sequence 1 → 2 → 3: three getState calls after the ack.
    expect(standIn.orgRegistry.soapActions).toEqual([
      'urn:exportOrgRegistry',
      'urn:getState',
      'urn:getState',
      'urn:getState',
    ]);
    expect(sleeps).toEqual([1, 2, 3]);
    expect(signer.signed).toHaveLength(1);
    expect(signer.signed[0]).toContain('exportOrgRegistryRequest');
  });

  it('INT002012 is an empty list', async () => {
    const sut = await client().exportOrgRegistry([{ by: 'ogrnip', ogrnip: '304500116000157' }]);
    expect(sut.organizations).toEqual([]);
  });

  it('an unreachable registry and a fault are GisErrors; the first is retryable', async () => {
    standIn.orgRegistry.failNext(1, { kind: 'http', status: 503 });
    const down = await client()
      .exportOrgRegistry([{ by: 'orgRootEntityGuid', guid: ROOT }])
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(GisError);
    expect(down).toMatchObject({ kind: 'http', code: 'HTTP_503', retryable: true });

    standIn.orgRegistry.failNext(1, { kind: 'fault', code: 'INT002000' });
    await expect(
      client().exportOrgRegistry([{ by: 'orgRootEntityGuid', guid: ROOT }]),
    ).rejects.toMatchObject({ kind: 'fault', code: 'INT002000' });
  });

  it('does not touch the appeals service', async () => {
    await client().exportOrgRegistry([{ by: 'orgRootEntityGuid', guid: ROOT }]);
    expect(standIn.requests).toEqual([]);
  });
});
