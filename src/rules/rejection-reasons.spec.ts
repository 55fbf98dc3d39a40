import {
  REJECTION_REASON_DEFINITIONS,
  REJECTION_REASONS as sut,
  notifiesApplicant,
  rejectionReason,
} from './rejection-reasons';

describe('rejection reasons', () => {
  it('lists every reason in the API order', () => {
    expect(sut).toEqual([
      'anonymous',
      'abusive',
      'repeated',
      'illegible',
      'essence_unclear',
      'court_decision',
    ]);
  });

  it('notifies the applicant of every reason but anonymous (59-ФЗ ст. 11 ч. 1)', () => {
    expect(sut.filter((r) => !notifiesApplicant(r))).toEqual(['anonymous']);
    expect(rejectionReason('anonymous').noticeText).toBeNull();
  });

  it('cites in the notice and in the ГИС ЖКХ cause the part of 59-ФЗ ст. 11 it rests on', () => {
    for (const reason of sut) {
      const def = rejectionReason(reason);
      const part = def.law.replace(' 59-ФЗ', ''); // «ч. 4.1 ст. 11»
      expect(def.gisCause).toContain(`(${part} Федерального закона от 02.05.2006 № 59-ФЗ)`);
      if (def.notifiesApplicant) expect(def.noticeText).toContain(`${part} Федерального закона`);
    }
  });

  it('gives every reason its own label (the report columns)', () => {
    const labels = Object.values(REJECTION_REASON_DEFINITIONS).map((d) => d.label);
    expect(new Set(labels).size).toBe(sut.length);
  });
});
