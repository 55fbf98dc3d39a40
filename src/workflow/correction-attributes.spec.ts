import type { TopicAttribute } from '../departments/topic-attributes';
import { recheckAttributes } from './correction-attributes';

const topic = {
  attributes: [
    { code: 'period', label: 'Период', type: 'string', required: true },
    { code: 'residents', label: 'Проживает человек', type: 'number', required: false },
  ] as TopicAttribute[],
};
const mandatory = { field: 'text', code: 'REQUIRED', message: 'Укажите текст' };

describe('recheckAttributes (a topic correction)', () => {
  it('replaces the old topic’s attribute issues with the new one’s, keeping the others', () => {
    const old = { field: 'attributes.floor', code: 'INVALID_NUMBER', message: '…' };
    const out = recheckAttributes({ attributes: { residents: 'трое' } }, topic, [mandatory, old]);
    expect(out.set.validationIssues?.map((e) => [e.field, e.code])).toEqual([
      ['text', 'REQUIRED'],
      ['attributes.period', 'REQUIRED'],
      ['attributes.residents', 'INVALID_NUMBER'],
    ]);
    expect(out.changes).toEqual([
      {
        field: 'validationIssues',
        from: [old],
        to: [
          expect.objectContaining({ field: 'attributes.period' }),
          expect.objectContaining({ field: 'attributes.residents' }),
        ],
      },
    ]);
    // What failed is kept as written.
    expect(out.set.attributes).toBeUndefined();
  });

  it('normalises values that now parse and records the change', () => {
    const out = recheckAttributes({ attributes: { period: 'март', residents: '3' } }, topic, []);
    expect(out.set).toEqual({ attributes: { period: 'март', residents: 3 } });
    expect(out.changes.map((c) => c.field)).toEqual(['attributes']);
  });

  it('without a topic every stored attribute is unknown', () => {
    const out = recheckAttributes({ attributes: { period: 'март' } }, null, []);
    expect(out.set.validationIssues).toEqual([
      expect.objectContaining({ field: 'attributes.period', code: 'UNKNOWN_ATTRIBUTE' }),
    ]);
  });

  it('changes nothing when the attributes fit the new topic as they fit the old', () => {
    expect(recheckAttributes({ attributes: { period: 'март' } }, topic, [mandatory])).toEqual({
      set: {},
      changes: [],
    });
  });
});
