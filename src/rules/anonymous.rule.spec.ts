import { toDraft } from '../intake/to-draft';
import { checkAnonymous as sut } from './anonymous.rule';

describe('anonymous rule', () => {
  it('passes an appeal with a last name and an address', () => {
    expect(
      sut(toDraft({ channel: 'post', applicant: { lastName: 'Иванов', postalAddress: 'адрес' } }))
        .fired,
    ).toBe(false);
  });

  it('fires without a last name, even with a first name', () => {
    const f = sut(
      toDraft({ channel: 'post', applicant: { firstName: 'Иван', postalAddress: 'адрес' } }),
    );
    expect(f).toMatchObject({ rule: 'anonymous', fired: true });
    expect(f.detail).toContain('фамилия');
  });

  it('fires without any reply address', () => {
    const f = sut(toDraft({ channel: 'email', applicant: { lastName: 'Иванов' } }));
    expect(f.fired).toBe(true);
    expect(f.detail).toContain('адрес для ответа');
  });

  it('takes ГИС ЖКХ itself as the reply address of a ГИС ЖКХ appeal, and only of one', () => {
    const gis = toDraft({ channel: 'gis_zhkh', applicant: { lastName: 'Иванов' } });
    expect(gis.replyChannel).toBe('gis_zhkh');
    expect(sut(gis).fired).toBe(false);
    // The same applicant by e-mail intake with no address is still anonymous.
    expect(sut(toDraft({ channel: 'web', applicant: { lastName: 'Иванов' } })).fired).toBe(true);
    // A ГИС ЖКХ appeal without a name is anonymous all the same.
    const nameless = sut(toDraft({ channel: 'gis_zhkh', applicant: { firstName: 'Иван' } }));
    expect(nameless.fired).toBe(true);
    expect(nameless.detail).not.toContain('адрес');
  });

  it('accepts an e-mail as the only address', () => {
    expect(
      sut(toDraft({ channel: 'post', applicant: { lastName: 'Иванов', email: 'i@x.ru' } })).fired,
    ).toBe(false);
  });

  it('needs the organisation name from a legal entity, not a last name', () => {
    expect(
      sut(toDraft({ channel: 'web', applicant: { type: 'legal_entity', email: 'o@x.ru' } })).fired,
    ).toBe(true);
    expect(
      sut(
        toDraft({
          channel: 'web',
          applicant: { type: 'legal_entity', organizationName: 'ТСЖ «Уют»', email: 'o@x.ru' },
        }),
      ).fired,
    ).toBe(false);
  });

  it('treats a blank name as missing', () => {
    expect(
      sut(toDraft({ channel: 'post', applicant: { lastName: '   ', postalAddress: 'адрес' } }))
        .fired,
    ).toBe(true);
  });
});
