import { loadConfig } from './app-config';
import { DEFAULT_ORGANIZATION_NAME, isValidInn, parseOrganization } from './organization';

describe('the organisation of the print forms (ORG_*)', () => {
  it('needs nothing set: the product name and no requisites', () => {
    expect(loadConfig({}).organization).toEqual({
      name: DEFAULT_ORGANIZATION_NAME,
      address: null,
      phone: null,
      email: null,
      inn: null,
      kpp: null,
    });
  });

  it('reads every key, trimmed; the КПП upper-cased', () => {
    const problems: string[] = [];
    expect(
      parseOrganization(
        {
          ORG_NAME: ' АО «Горводоканал» ',
          ORG_ADDRESS: '190000, г. Санкт-Петербург, ул. Садовая, д. 1',
          ORG_PHONE: '+7 (812) 000-00-00',
          ORG_EMAIL: 'office@vodokanal.example',
          ORG_INN: '7830002293',
          ORG_KPP: '7801ab001',
        },
        problems,
      ),
    ).toEqual({
      name: 'АО «Горводоканал»',
      address: '190000, г. Санкт-Петербург, ул. Садовая, д. 1',
      phone: '+7 (812) 000-00-00',
      email: 'office@vodokanal.example',
      inn: '7830002293',
      kpp: '7801AB001',
    });
    expect(problems).toEqual([]);
  });

  it('refuses a mistyped ИНН, a bad КПП or e-mail and a name over two lines, each by key', () => {
    expect(() =>
      loadConfig({
        ORG_INN: '7830002294',
        ORG_KPP: '78010',
        ORG_EMAIL: 'office',
        ORG_NAME: 'АО\nГорводоканал',
      }),
    ).toThrow(/ORG_INN[\s\S]*ORG_KPP|ORG_KPP[\s\S]*ORG_INN/);
    const problems: string[] = [];
    parseOrganization(
      { ORG_INN: '7830002294', ORG_KPP: '78010', ORG_EMAIL: 'office', ORG_NAME: 'АО\nГВК' },
      problems,
    );
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(
      ['ORG_EMAIL', 'ORG_INN', 'ORG_KPP', 'ORG_NAME'].sort(),
    );
  });

  it('checks both kinds of ИНН by their check digits', () => {
    expect(isValidInn('7707083893')).toBe(true); // an organisation: 10 digits
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true); // an individual entrepreneur: 12 digits
    expect(isValidInn('500100732250')).toBe(false);
    expect(isValidInn('77070838')).toBe(false);
    expect(isValidInn('77070838९३')).toBe(false);
  });
});
