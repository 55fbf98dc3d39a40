import type { SimilarAppeal } from './rule.types';
import { checkDuplicate, checkRepeated } from './similar-appeal.rules';

const candidate = (over: Partial<SimilarAppeal>): SimilarAppeal => ({
  id: 'a1',
  regNumber: '2026-000001',
  status: 'registered',
  registeredAt: new Date('2026-03-01T10:00:00Z'),
  answeredAt: null,
  dueDate: '2026-03-31',
  similarity: 0.8,
  matchedBy: ['email'],
  ...over,
});

describe('duplicate rule', () => {
  it('fires on a similar text of the same applicant in an open appeal, naming it and the similarity', () => {
    const f = checkDuplicate([candidate({})], 0.6);
    expect(f).toMatchObject({ rule: 'duplicate', fired: true, relatedAppeal: { id: 'a1' } });
    expect(f.detail).toContain('2026-000001');
    expect(f.detail).toContain('0,80');
    expect(f.detail).toContain('e-mail');
  });

  it('does not fire below the threshold', () => {
    expect(checkDuplicate([candidate({ similarity: 0.59 })], 0.6).fired).toBe(false);
  });

  it('fires exactly at the threshold', () => {
    expect(checkDuplicate([candidate({ similarity: 0.6 })], 0.6).fired).toBe(true);
  });

  it('ignores closed appeals', () => {
    for (const status of ['answered', 'rejected', 'duplicate', 'withdrawn', 'forwarded'] as const) {
      expect(checkDuplicate([candidate({ status })], 0.6).fired).toBe(false);
    }
  });

  it('picks the most similar open appeal', () => {
    const f = checkDuplicate(
      [
        candidate({ id: 'x', similarity: 0.7 }),
        candidate({ id: 'y', similarity: 0.9, status: 'in_progress' }),
      ],
      0.6,
    );
    expect(f.relatedAppeal?.id).toBe('y');
  });
});

describe('repeated rule', () => {
  it('fires on a similar text of the same applicant that was already answered', () => {
    const f = checkRepeated(
      [candidate({ status: 'answered', answeredAt: new Date('2026-03-20T10:00:00Z') })],
      0.6,
    );
    expect(f).toMatchObject({ rule: 'repeated', fired: true });
    expect(f.detail).toContain('ответ дан 2026-03-20');
  });

  it('ignores open and rejected appeals', () => {
    expect(
      checkRepeated([candidate({ status: 'in_progress' }), candidate({ status: 'rejected' })], 0.6)
        .fired,
    ).toBe(false);
  });

  it('does not fire on a different question (low similarity)', () => {
    expect(checkRepeated([candidate({ status: 'answered', similarity: 0.2 })], 0.6).fired).toBe(
      false,
    );
  });
});
