import { foldDottedQuery as sut } from './dotted-query';

describe('foldDottedQuery', () => {
  it('folds `attr.<code>` keys into an `attr` object', () => {
    expect(sut({ status: 'registered', 'attr.period': 'март', 'attr.residents': '3' })).toEqual({
      status: 'registered',
      attr: { period: 'март', residents: '3' },
    });
  });

  it('leaves a query without dotted keys as it is', () => {
    const q = { limit: '10' };
    expect(sut(q)).toBe(q);
  });

  it('leaves a dotted key alone when its head is also a plain key', () => {
    expect(sut({ attr: 'x', 'attr.period': 'март' })).toEqual({ attr: 'x', 'attr.period': 'март' });
  });

  it('folds one level only: the rest of the key is the inner name', () => {
    expect(sut({ 'a.b.c': '1' })).toEqual({ a: { 'b.c': '1' } });
  });
});
