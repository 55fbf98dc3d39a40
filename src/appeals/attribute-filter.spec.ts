import { attributeFilters as sut, MAX_ATTRIBUTE_FILTERS } from './attribute-filter';

describe('attributeFilters', () => {
  it('matches a text value as given', () => {
    expect(sut({ period: 'март 2026' })).toEqual({
      filters: [{ code: 'period', candidates: [{ period: 'март 2026' }] }],
      errors: [],
    });
  });

  it('matches a number-looking value as a number or as text', () => {
    expect(sut({ residents: '3' }).filters[0].candidates).toEqual([
      { residents: '3' },
      { residents: 3 },
    ]);
    expect(sut({ residents: '2,5' }).filters[0].candidates).toEqual([
      { residents: '2,5' },
      { residents: 2.5 },
    ]);
  });

  it('matches true and false as booleans or as text', () => {
    expect(sut({ paper_bill: 'true' }).filters[0].candidates).toEqual([
      { paper_bill: 'true' },
      { paper_bill: true },
    ]);
  });

  it('names a code of the wrong format and a repeated or over-long value', () => {
    expect(
      sut({ 'Bad-Code': 'x', period: ['a', 'b'], text: 'я'.repeat(1001) }).errors.map((e) => [
        e.field,
        e.code,
      ]),
    ).toEqual([
      ['attr.Bad-Code', 'INVALID_FORMAT'],
      ['attr.period', 'INVALID_TYPE'],
      ['attr.text', 'TOO_LONG'],
    ]);
  });

  it('limits how many attributes one query filters on', () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_ATTRIBUTE_FILTERS + 1 }, (_, i) => [`a${i}`, 'x']),
    );
    expect(sut(many).errors).toEqual([
      expect.objectContaining({ field: 'attr', code: 'TOO_MANY' }),
    ]);
  });

  it('is empty without attr parameters', () => {
    expect(sut(undefined)).toEqual({ filters: [], errors: [] });
  });
});
