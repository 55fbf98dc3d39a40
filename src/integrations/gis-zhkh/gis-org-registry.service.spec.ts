import type { GisAppeal } from './gis-types';
import {
  criterionForOgrn,
  isStale,
  orgGuidsOf,
  registryApplicantOf,
} from './gis-org-registry.service';

describe('GisOrgRegistryService rules', () => {
  const fetched = new Date('2026-04-01T09:00:00Z');

  it('an entry is refreshed once it is GIS_ZHKH_ORG_CACHE_DAYS old, not before', () => {
    expect(isStale(fetched, new Date('2026-04-08T08:59:59Z'), 7)).toBe(false);
    expect(isStale(fetched, new Date('2026-04-08T09:00:00Z'), 7)).toBe(true);
    // 0 days: always asked again.
    expect(isStale(fetched, fetched, 0)).toBe(true);
  });

  it('names the applicant by the short name, else the full name', () => {
    const e = { name: 'ОБЩЕСТВО «РОМАШКА»', ogrn: '1027700132195', inn: '7707083893' };
    expect(registryApplicantOf({ ...e, shortName: 'ООО «Ромашка»' }).name).toBe('ООО «Ромашка»');
    expect(registryApplicantOf({ ...e, shortName: null })).toEqual({
      name: 'ОБЩЕСТВО «РОМАШКА»',
      ogrn: '1027700132195',
      inn: '7707083893',
    });
  });

  it('searches a 15-digit number as ОГРНИП, a 13-digit one as ОГРН with its КПП', () => {
    expect(criterionForOgrn('304500116000157')).toEqual({
      by: 'ogrnip',
      ogrnip: '304500116000157',
    });
    expect(criterionForOgrn('1027700132195', '773601001')).toEqual({
      by: 'ogrn',
      ogrn: '1027700132195',
      kpp: '773601001',
    });
  });

  it('collects each legal-entity applicant GUID once, in lower case', () => {
    const of = (applicant: GisAppeal['applicant']) =>
      ({ applicant, neighbours: [] }) as unknown as GisAppeal;
    expect(
      orgGuidsOf([
        of({ kind: 'organization', orgRootEntityGuid: 'C0FFEE00-1111-4222-8333-444455556666' }),
        of({ kind: 'organization', orgRootEntityGuid: 'c0ffee00-1111-4222-8333-444455556666' }),
        of({ kind: 'person', surname: 'Петрова', firstName: 'Анна' }),
        of({ kind: 'hcs' }),
      ]),
    ).toEqual(['c0ffee00-1111-4222-8333-444455556666']);
  });

  it("collects the organisations among a collective appeal's co-applicants too", () => {
    const appeal = {
      applicant: { kind: 'person', surname: 'Петрова', firstName: 'Анна' },
      neighbours: [
        { kind: 'organization', orgRootEntityGuid: 'A1B2C3D4-1111-4222-8333-444455556666' },
        { kind: 'person', surname: 'Иванов', firstName: 'Пётр' },
      ],
    } as unknown as GisAppeal;
    expect(orgGuidsOf([appeal])).toEqual(['a1b2c3d4-1111-4222-8333-444455556666']);
  });
});
