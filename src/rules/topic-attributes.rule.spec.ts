import type { TopicAttribute } from '../departments/topic-attributes';
import { checkAttributes as sut, MAX_ATTRIBUTE_TEXT } from './topic-attributes.rule';

const defs: TopicAttribute[] = [
  { code: 'period', label: 'Период', type: 'string', required: true },
  { code: 'since', label: 'С какой даты', type: 'date', required: false },
  { code: 'residents', label: 'Проживает человек', type: 'number', required: false },
  { code: 'paper_bill', label: 'Бумажная квитанция', type: 'boolean', required: false },
  {
    code: 'what_changed',
    label: 'Что изменилось',
    type: 'enum',
    required: false,
    options: [
      { value: 'sold', label: 'Продал' },
      { value: 'bought', label: 'Купил' },
    ],
  },
];
const fieldsOf = (given: Record<string, unknown>): [string, string][] =>
  sut(defs, given).issues.map((e) => [e.field, e.code]);

describe('checkAttributes', () => {
  it('accepts valid values and normalises them: numbers and booleans typed, strings trimmed', () => {
    expect(
      sut(defs, {
        period: '  март 2026 ',
        since: '2026-02-28',
        residents: '3',
        paper_bill: 'true',
        what_changed: 'sold',
      }),
    ).toEqual({
      values: {
        period: 'март 2026',
        since: '2026-02-28',
        residents: 3,
        paper_bill: true,
        what_changed: 'sold',
      },
      invalid: {},
      issues: [],
    });
  });

  it('reads a decimal comma as a decimal point', () => {
    expect(sut(defs, { period: 'x', residents: '2,5' }).values.residents).toBe(2.5);
  });

  it('names a missing required attribute; blank and null count as missing', () => {
    expect(fieldsOf({})).toEqual([['attributes.period', 'REQUIRED']]);
    expect(fieldsOf({ period: '   ' })).toEqual([['attributes.period', 'REQUIRED']]);
    expect(fieldsOf({ period: null })).toEqual([['attributes.period', 'REQUIRED']]);
    expect(sut(defs, {}).issues[0].message).toContain('Период');
  });

  it('leaves optional attributes out when they are not given', () => {
    expect(sut(defs, { period: 'май', since: '', residents: null }).values).toEqual({
      period: 'май',
    });
  });

  it('names each attribute of the wrong type at once', () => {
    expect(
      fieldsOf({
        period: 42,
        since: '2026-02-30',
        residents: 'трое',
        paper_bill: 'yes',
        what_changed: 'rented',
      }),
    ).toEqual([
      ['attributes.period', 'INVALID_TYPE'],
      ['attributes.since', 'INVALID_DATE'],
      ['attributes.residents', 'INVALID_NUMBER'],
      ['attributes.paper_bill', 'INVALID_BOOLEAN'],
      ['attributes.what_changed', 'INVALID_OPTION'],
    ]);
  });

  it('rejects numbers that are not finite or not plain decimals', () => {
    expect(fieldsOf({ period: 'x', residents: Number.POSITIVE_INFINITY })).toEqual([
      ['attributes.residents', 'INVALID_NUMBER'],
    ]);
    expect(fieldsOf({ period: 'x', residents: '1e3' })).toEqual([
      ['attributes.residents', 'INVALID_NUMBER'],
    ]);
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(fieldsOf({ period: 'x', since: '28.02.2026' })).toEqual([
      ['attributes.since', 'INVALID_DATE'],
    ]);
  });

  it('limits the length of a string', () => {
    expect(fieldsOf({ period: 'я'.repeat(MAX_ATTRIBUTE_TEXT + 1) })).toEqual([
      ['attributes.period', 'TOO_LONG'],
    ]);
    expect(fieldsOf({ period: 'я'.repeat(MAX_ATTRIBUTE_TEXT) })).toEqual([]);
  });

  it('rejects a code the topic does not define', () => {
    expect(fieldsOf({ period: 'x', colour: 'red' })).toEqual([
      ['attributes.colour', 'UNKNOWN_ATTRIBUTE'],
    ]);
  });

  it('keeps what failed, as given, apart from the normalised values', () => {
    const r = sut(defs, { period: 'x', residents: 'трое', colour: 'red' });
    expect(r.values).toEqual({ period: 'x' });
    expect(r.invalid).toEqual({ residents: 'трое', colour: 'red' });
  });

  it('with no definitions (no topic) every given code is unknown', () => {
    expect(sut([], { period: 'x' }).issues.map((e) => e.code)).toEqual(['UNKNOWN_ATTRIBUTE']);
    expect(sut([], {})).toEqual({ values: {}, invalid: {}, issues: [] });
  });
});
