import { GisError } from './gis-error';
import {
  buildExportOrgRegistryRequest,
  buildOrgRegistryGetStateRequest,
  entrepreneurShortName,
  parseOrgRegistryGetStateResult,
} from './gis-org-registry.messages';
import { GisXsdValidator } from './gis-xsd-validator';
import { ENTREPRENEUR_ORG, LEGAL_ORG } from '../../../test/fixtures/gis-zhkh/gis-organizations';
import { orgRegistryStateXml } from '../../../test/support/gis-org-registry-standin';

const HEADER = {
  date: new Date('2026-04-10T06:00:00Z'),
  messageGuid: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};
const ROOT = LEGAL_ORG.orgRootEntityGuid;
const validator = new GisXsdValidator();

/** The sole proprietor, no longer actual in the registry. */
const ENTRP = { ...ENTREPRENEUR_ORG, isActual: false };

describe('exportOrgRegistryRequest', () => {
  it('is XSD-valid with each kind of criterion, several in one request', async () => {
    const sut = buildExportOrgRegistryRequest(HEADER, [
      { by: 'orgRootEntityGuid', guid: ROOT },
      { by: 'ogrn', ogrn: '1027700132195', kpp: '773601001' },
      { by: 'ogrn', ogrn: '1027700132195' },
      { by: 'ogrnip', ogrnip: '304500116000157' },
    ]);
    expect(await validator.validateEnvelope(sut)).toEqual([]);
    expect(sut).toContain('Id="signed-data-container"');
    expect(sut).toContain('base:version="10.0.2.1"');
    expect(sut).toContain('<base:ISRequestHeader>');
    expect(sut.match(/<ro:SearchCriteria>/g)).toHaveLength(4);
  });

  it('refuses what the XSD would: no criteria, more than 100, a malformed ОГРН', () => {
    expect(() => buildExportOrgRegistryRequest(HEADER, [])).toThrow(GisError);
    const many = Array.from({ length: 101 }, () => ({
      by: 'orgRootEntityGuid' as const,
      guid: ROOT,
    }));
    expect(() => buildExportOrgRegistryRequest(HEADER, many)).toThrow(/1\.\.100/);
    expect(() => buildExportOrgRegistryRequest(HEADER, [{ by: 'ogrn', ogrn: '12345' }])).toThrow(
      /OGRN must be 13 digits/,
    );
    expect(() =>
      buildExportOrgRegistryRequest(HEADER, [{ by: 'ogrnip', ogrnip: '1027700132195' }]),
    ).toThrow(/OGRNIP must be 15 digits/);
  });

  it('getStateRequest is XSD-valid and unsigned', async () => {
    const sut = buildOrgRegistryGetStateRequest(HEADER, ROOT);
    expect(await validator.validateEnvelope(sut)).toEqual([]);
    expect(sut).not.toContain('signed-data-container');
  });
});

describe('parseOrgRegistryGetStateResult', () => {
  it('reads a legal entity and an entrepreneur (the stand-in answer is XSD-valid)', async () => {
    const xml = orgRegistryStateXml('aaaaaaaa-1111-4222-8333-444455556666', 3, {
      kind: 'export',
      organizations: [LEGAL_ORG, ENTRP],
    });
    expect(await validator.validateEnvelope(xml)).toEqual([]);
    const sut = parseOrgRegistryGetStateResult(xml);
    expect(sut.requestState).toBe(3);
    expect(sut.nothingFound).toBe(false);
    expect(sut.organizations).toEqual([
      {
        orgRootEntityGuid: ROOT,
        orgVersionGuid: LEGAL_ORG.orgVersionGuid,
        kind: 'legal',
        fullName: LEGAL_ORG.fullName,
        shortName: 'ООО «Управдом»',
        ogrn: '1027700132195',
        inn: '7707083893',
        kpp: '773601001',
        isActual: true,
        lastEditedOn: '2026-01-15',
        isRegistered: true,
      },
      {
        orgRootEntityGuid: ENTRP.orgRootEntityGuid,
        orgVersionGuid: ENTRP.orgVersionGuid,
        kind: 'entrepreneur',
        fullName: 'ИП Соколов Пётр Андреевич',
        shortName: 'ИП Соколов П. А.',
        ogrn: '304500116000157',
        inn: '500100732259',
        surname: 'Соколов',
        firstName: 'Пётр',
        patronymic: 'Андреевич',
        isActual: false,
        lastEditedOn: '2025-11-01',
        isRegistered: false,
      },
    ]);
  });

  it('INT002012 is «nothing found», not an error; another ErrorMessage is one', () => {
    const none = parseOrgRegistryGetStateResult(
      orgRegistryStateXml(ROOT, 3, { kind: 'export', organizations: [] }),
    );
    expect(none).toMatchObject({ nothingFound: true, organizations: [] });
    expect(none.error).toBeUndefined();
    const failed = parseOrgRegistryGetStateResult(
      orgRegistryStateXml(ROOT, 3, {
        kind: 'error',
        error: { code: 'INT002000', description: 'Ошибка' },
      }),
    );
    expect(failed.error).toEqual({ code: 'INT002000', description: 'Ошибка' });
  });

  it('a request still in progress has no result yet', () => {
    expect(parseOrgRegistryGetStateResult(orgRegistryStateXml(ROOT, 2))).toMatchObject({
      requestState: 2,
      organizations: [],
      nothingFound: false,
    });
  });
});

describe('entrepreneurShortName', () => {
  it('names a sole proprietor «ИП Фамилия И. О.», without a patronymic when there is none', () => {
    expect(entrepreneurShortName('Соколов', 'Пётр', 'Андреевич')).toBe('ИП Соколов П. А.');
    expect(entrepreneurShortName('Ли', 'анна')).toBe('ИП Ли А.');
  });
});
