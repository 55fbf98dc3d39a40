import { AbuseLists, isValidTerm, normalizeTerm } from './abuse-lists';

describe('normalizeTerm', () => {
  it.each([
    ['Дармоед', 'дармоед'],
    ['  ЁЛКИ  ', 'елки'],
    ['жоп-полиз', 'жополиз'],
    ['Халтурщиик*', 'халтурщик*'],
  ])('reads «%s» as «%s»', (term, normal) => {
    expect(normalizeTerm(term)).toBe(normal);
  });
});

describe('isValidTerm', () => {
  it.each(['дармоед', 'Дармоед*', 'жоп-полиз', 'ёж', 'бол*'])('accepts «%s»', (term) => {
    expect(isValidTerm(term)).toBe(true);
  });

  it.each(['два слова', 'idiot', 'х', 'ху*', '*уй', 'д*рмоед', '-дармоед', 'дармоед-', ''])(
    'refuses «%s»',
    (term) => {
      expect(isValidTerm(term)).toBe(false);
    },
  );
});

describe('AbuseLists', () => {
  const sut = new AbuseLists([
    { term: 'Дармоеды', list: 'deny' },
    { term: 'халтурщ*', list: 'deny' },
    { term: 'козлов*', list: 'allow' },
    { term: 'дура', list: 'allow' },
  ]);

  it('finds deny words and stems, naming the term as written', () => {
    expect(sut.denied('дармоеды')).toBe('Дармоеды');
    expect(sut.denied('дармоед')).toBeUndefined();
    expect(sut.denied('халтурщики')).toBe('халтурщ*');
    expect(sut.denied('халтур')).toBeUndefined();
  });

  it('finds allow words and stems', () => {
    expect(sut.allows('козлова')).toBe(true);
    expect(sut.allows('дура')).toBe(true);
    expect(sut.allows('дуры')).toBe(false);
  });

  it('is empty without terms', () => {
    expect(AbuseLists.EMPTY.empty).toBe(true);
    expect(AbuseLists.EMPTY.denied('дармоеды')).toBeUndefined();
    expect(AbuseLists.EMPTY.allows('дура')).toBe(false);
  });
});
