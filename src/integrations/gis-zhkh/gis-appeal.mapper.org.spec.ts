import { gisAppealToCreateBody, type RegistryApplicant } from './gis-appeal.mapper';
import type { GisAppeal } from './gis-types';

const ORG = 'C0FFEE00-1111-4222-8333-444455556666';
const NOW = new Date('2026-04-10T06:00:00Z');

const appeal: GisAppeal = {
  appealGuid: '3e9f1b52-6a0d-4c1e-9b7a-2d4c8e6f1a01',
  appealNumber: '28-2026-000123',
  createdOn: '2026-04-08',
  applicant: { kind: 'organization', orgRootEntityGuid: ORG, email: 'office@example.ru' },
  topic: { kind: 'other', text: 'Отопление' },
  oktmo: { code: '40000000' },
  text: 'Нет отопления в офисе.',
  attachments: [],
  history: [],
  status: 'Send',
  rolledOver: false,
  answerIsNotRequired: false,
  fromMobile: false,
  collective: false,
  neighbours: [],
};

describe('gisAppealToCreateBody: a legal-entity applicant and the organisations registry', () => {
  const registry = (org: RegistryApplicant) => new Map([[ORG.toLowerCase(), org]]);

  it('takes the name, ОГРН and ИНН the registry gave for the orgRootEntityGUID', () => {
    const sut = gisAppealToCreateBody(appeal, 'Europe/Moscow', NOW, {
      organizations: registry({ name: 'ООО «Управдом»', ogrn: '1027700132195', inn: '7707083893' }),
    });
    expect(sut.applicant).toEqual({
      type: 'legal_entity',
      organizationName: 'ООО «Управдом»',
      ogrn: '1027700132195',
      inn: '7707083893',
      postalAddress: null,
      email: 'office@example.ru',
      phone: null,
    });
  });

  it('keeps the GUID in externalRefs, so an unresolved applicant can be resolved later', () => {
    const sut = gisAppealToCreateBody(appeal, 'Europe/Moscow', NOW);
    expect(sut.applicant).toMatchObject({ organizationName: `Организация ГИС ЖКХ ${ORG}` });
    expect(sut.applicant).not.toHaveProperty('ogrn');
    expect(sut.externalRefs).toMatchObject({ applicantOrgGuid: ORG.toLowerCase() });
  });

  it('drops an ОГРН or ИНН our API would refuse, so the appeal is still registered', () => {
    const sut = gisAppealToCreateBody(appeal, 'Europe/Moscow', NOW, {
      organizations: registry({ name: 'ИП Соколов П. А.', ogrn: '304500116000158', inn: '12345' }),
    });
    expect(sut.applicant).toMatchObject({ organizationName: 'ИП Соколов П. А.' });
    expect(sut.applicant).not.toHaveProperty('ogrn');
    expect(sut.applicant).not.toHaveProperty('inn');
  });

  it('a person has no applicantOrgGuid', () => {
    const sut = gisAppealToCreateBody(
      { ...appeal, applicant: { kind: 'person', surname: 'Петрова', firstName: 'Анна' } },
      'Europe/Moscow',
      NOW,
    );
    expect(sut.externalRefs).not.toHaveProperty('applicantOrgGuid');
  });
});
