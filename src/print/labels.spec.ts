import { ANSWER_OUTCOMES, APPLICANT_TYPES, STATUSES } from '../appeals/appeal.enums';
import { APPEAL_KINDS } from '../sla/sla-policy.entity';
import { LABELLED, kindLabel, statusLabel } from './labels';

describe('print labels', () => {
  it('names every kind, status, outcome and applicant type in Russian', () => {
    const missing = (values: readonly string[], named: string[]) =>
      values.filter((v) => !named.includes(v));
    expect(missing(APPEAL_KINDS, LABELLED.kinds)).toEqual([]);
    expect(missing(STATUSES, LABELLED.statuses)).toEqual([]);
    expect(missing(ANSWER_OUTCOMES, LABELLED.outcomes)).toEqual([]);
    expect(missing(APPLICANT_TYPES, LABELLED.applicantTypes)).toEqual([]);
    expect(LABELLED.deliveryMethods.sort()).toEqual(
      ['courier', 'fax', 'hand', 'other', 'post', 'registered_post'].sort(),
    );
  });

  it('prints an unknown value as it is rather than failing the form', () => {
    expect(kindLabel('complaint')).toBe('Жалоба');
    expect(statusLabel('something_new')).toBe('something_new');
  });
});
