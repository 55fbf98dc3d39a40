import {
  checkTopicAttributes as sut,
  describeAttributes,
  type TopicAttribute,
} from './topic-attributes';

const period: TopicAttribute = {
  code: 'period',
  label: 'Период (месяц и год)',
  type: 'string',
  required: true,
};
const changed: TopicAttribute = {
  code: 'what_changed',
  label: 'Что изменилось',
  type: 'enum',
  required: true,
  options: [
    { value: 'moved_out', label: 'Выписался' },
    { value: 'sold', label: 'Продал' },
  ],
};

describe('checkTopicAttributes', () => {
  it('accepts well-formed definitions of every type', () => {
    expect(
      sut([
        period,
        changed,
        { code: 'since', label: 'С какой даты', type: 'date', required: false },
        { code: 'residents', label: 'Проживает человек', type: 'number', required: false },
        { code: 'paper_bill', label: 'Нужна бумажная квитанция', type: 'boolean', required: false },
      ]),
    ).toEqual([]);
  });

  it('rejects a code used twice, naming the second one', () => {
    expect(sut([period, { ...period, label: 'Ещё раз' }])).toEqual([
      expect.objectContaining({ field: 'attributes[1].code', code: 'NOT_UNIQUE' }),
    ]);
  });

  it('requires options for an enum', () => {
    expect(sut([{ ...changed, options: undefined }])).toEqual([
      expect.objectContaining({ field: 'attributes[0].options', code: 'REQUIRED' }),
    ]);
    expect(sut([{ ...changed, options: [] }])).toEqual([
      expect.objectContaining({ field: 'attributes[0].options', code: 'REQUIRED' }),
    ]);
  });

  it('allows options only for an enum', () => {
    expect(sut([{ ...period, options: [{ value: 'a', label: 'А' }] }])).toEqual([
      expect.objectContaining({ field: 'attributes[0].options', code: 'NOT_ALLOWED' }),
    ]);
  });

  it('rejects an option value used twice within an attribute', () => {
    expect(
      sut([
        {
          ...changed,
          options: [
            { value: 'sold', label: 'Продал' },
            { value: 'sold', label: 'Продала' },
          ],
        },
      ]),
    ).toEqual([
      expect.objectContaining({ field: 'attributes[0].options[1].value', code: 'NOT_UNIQUE' }),
    ]);
  });
});

describe('describeAttributes', () => {
  const defs: TopicAttribute[] = [
    period,
    changed,
    { code: 'residents', label: 'Проживает человек', type: 'number', required: false },
    { code: 'paper_bill', label: 'Бумажная квитанция', type: 'boolean', required: false },
  ];

  it('writes «label: value» pairs in the order of the definitions, options by their label', () => {
    expect(
      describeAttributes(defs, {
        paper_bill: true,
        residents: 3,
        what_changed: 'sold',
        period: 'март 2026',
      }),
    ).toBe(
      'Период (месяц и год): март 2026; Что изменилось: Продал; Проживает человек: 3; Бумажная квитанция: да',
    );
  });

  it('keeps a value the topic no longer defines, under its code', () => {
    expect(describeAttributes([period], { period: 'май', old_field: 'x' })).toBe(
      'Период (месяц и год): май; old_field: x',
    );
  });

  it('is null for an appeal without attributes', () => {
    expect(describeAttributes(defs, {})).toBeNull();
    expect(describeAttributes(null, null)).toBeNull();
  });
});
