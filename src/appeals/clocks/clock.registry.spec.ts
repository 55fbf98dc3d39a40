import {
  HOURLY_CLOCKS,
  CLOCK_NAMES,
  RAISABLE_CLOCKS,
  ROW_CLOCKS,
  clockEffects,
  describeClock,
} from './clock.registry';

describe('the legal clocks registry', () => {
  it('lists the clocks of the contract, in its order', () => {
    expect(CLOCK_NAMES).toEqual([
      'answer',
      'registration',
      'forwarding',
      'court_return',
      'illegible_notice',
      'unclear_notice',
      'authority_control',
      'inspection',
    ]);
    expect(ROW_CLOCKS).toEqual([
      'forwarding',
      'court_return',
      'illegible_notice',
      'unclear_notice',
      'authority_control',
      'inspection',
    ]);
  });

  it('runs only the inspection of a quality report in hours (ПП 354 п. 108)', () => {
    expect(HOURLY_CLOCKS).toEqual(['inspection']);
    expect(describeClock('inspection').law).toBe('п. 108 ПП 354');
  });

  it('meets the inspection by its act, not by a status: a closing stops it', () => {
    expect(clockEffects('answered', null)).toEqual({
      decided: null,
      closes: true,
      takenIntoWork: false,
    });
  });

  it('lets a person raise only the seven-day questions', () => {
    expect(RAISABLE_CLOCKS).toEqual([
      'forwarding',
      'court_return',
      'illegible_notice',
      'unclear_notice',
    ]);
  });

  it('cites the law of each clock', () => {
    expect(describeClock('forwarding').law).toBe('ч. 3 ст. 8 59-ФЗ');
    expect(describeClock('court_return').law).toBe('ч. 2 ст. 11 59-ФЗ');
    expect(describeClock('illegible_notice').law).toBe('ч. 4 ст. 11 59-ФЗ');
    expect(describeClock('unclear_notice').law).toBe('ч. 4.1 ст. 11 59-ФЗ');
  });

  describe('what a status change does to the clocks', () => {
    it('meets forwarding by forwarding, and closes the rest', () => {
      expect(clockEffects('forwarded', null)).toEqual({
        decided: 'forwarding',
        closes: true,
        takenIntoWork: false,
      });
    });

    it.each([
      ['court_decision', 'court_return'],
      ['illegible', 'illegible_notice'],
      ['essence_unclear', 'unclear_notice'],
    ] as const)('meets its clock by a rejection for %s', (reason, clock) => {
      expect(clockEffects('rejected', reason)).toEqual({
        decided: clock,
        closes: true,
        takenIntoWork: false,
      });
    });

    it('meets no seven-day clock by a rejection on another ground, and closes', () => {
      expect(clockEffects('rejected', 'abusive')).toEqual({
        decided: null,
        closes: true,
        takenIntoWork: false,
      });
    });

    it('closes on an answer, a withdrawal, a duplicate', () => {
      for (const to of ['answered', 'withdrawn', 'duplicate'] as const) {
        expect(clockEffects(to, null)).toEqual({
          decided: null,
          closes: true,
          takenIntoWork: false,
        });
      }
    });

    it('takes the appeal into work when an officer gets it', () => {
      for (const to of ['assigned', 'in_progress'] as const) {
        expect(clockEffects(to, null)).toEqual({
          decided: null,
          closes: false,
          takenIntoWork: true,
        });
      }
    });

    it('does nothing while the appeal waits (registered, under review)', () => {
      for (const to of ['registered', 'under_review'] as const) {
        expect(clockEffects(to, null)).toEqual({
          decided: null,
          closes: false,
          takenIntoWork: false,
        });
      }
    });
  });
});
