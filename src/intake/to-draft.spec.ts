import { clean, cleanName, normalizeAccountNumber, normalizeEmail } from '../common/normalize';
import { resolveReplyChannel, toDraft } from './to-draft';

describe('appeal draft normalisation', () => {
  it('trims and turns blanks into null', () => {
    expect(clean('  a b ')).toBe('a b');
    expect(clean('   ')).toBeNull();
    expect(clean(undefined)).toBeNull();
  });

  it('collapses whitespace inside names', () => {
    expect(cleanName(' Иванов\t  Пётр ')).toBe('Иванов Пётр');
  });

  it('lower-cases e-mail for lookups', () => {
    expect(normalizeEmail(' Petr.Ivanov@Example.RU ')).toBe('petr.ivanov@example.ru');
  });

  it.each([
    ['12-345 678', '12345678'],
    ['№ 12.345/678', '12345678'],
    ['ab-12ё', 'AB12Е'],
    [' - ', null],
  ])('normalises account number %p to %p', (raw, expected) => {
    expect(normalizeAccountNumber(raw)).toBe(expected);
  });

  it('answers where the appeal came from by default', () => {
    const both = { email: 'e@x.ru', postalAddress: 'адрес' };
    expect(resolveReplyChannel('web', null, both)).toBe('email');
    expect(resolveReplyChannel('post', null, both)).toBe('post');
    expect(resolveReplyChannel('personal_account', null, both)).toBe('personal_account');
    expect(resolveReplyChannel('gis_zhkh', null, both)).toBe('gis_zhkh');
  });

  it("falls back to the other address when the channel's own is missing", () => {
    expect(resolveReplyChannel('post', null, { email: 'e@x.ru', postalAddress: null })).toBe(
      'email',
    );
    expect(resolveReplyChannel('email', null, { email: null, postalAddress: 'адрес' })).toBe(
      'post',
    );
  });

  it('honours an explicit reply channel', () => {
    expect(resolveReplyChannel('web', 'post', { email: 'e@x.ru', postalAddress: null })).toBe(
      'post',
    );
  });

  it('builds a draft with defaults', () => {
    const d = toDraft({ channel: 'post' });
    expect(d).toMatchObject({
      kind: 'statement',
      text: '',
      applicant: { type: 'individual' },
      externalRefs: {},
      receivedAt: null,
    });
  });
});
