import { normalizeAddress, normalizeApplicantName, normalizeKey } from './normalize';

describe('identity normalisation', () => {
  it('ignores case, ё/е, quotes and punctuation', () => {
    expect(normalizeKey('  «ТСЖ Ёлочка»,  ')).toBe('тсж елочка');
  });

  it('compares addresses written differently', () => {
    expect(normalizeAddress('г. Москва, ул. Садовая, д. 1, кв. 2')).toBe(
      normalizeAddress('город Москва улица Садовая дом 1 квартира 2'),
    );
  });

  it('keys a person by full name and an organisation by its name', () => {
    const person = {
      type: 'individual',
      lastName: 'Фёдоров',
      firstName: 'Пётр',
      middleName: null,
      organizationName: null,
    };
    expect(normalizeApplicantName(person)).toBe('федоров петр');
    expect(
      normalizeApplicantName({
        ...person,
        type: 'legal_entity',
        organizationName: 'ООО "Ромашка"',
      }),
    ).toBe('ооо ромашка');
    expect(normalizeApplicantName({ ...person, lastName: null })).toBeNull();
  });
});
