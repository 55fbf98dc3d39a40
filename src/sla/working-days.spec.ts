import { ProductionCalendar } from './production-calendar';
import { ladderStep, workingDaysAhead, workingDaysLeft } from './working-days';

describe('working days ahead (the at-risk window and the warning ladders)', () => {
  // May 2026 as the bundled calendar has it: 05-01…05-03 and 05-09…05-11 off, 05-08 shortened.
  const sut = new ProductionCalendar({
    years: [2026],
    days: [
      { date: '2026-05-01', type: 1 },
      { date: '2026-05-08', type: 2 },
      { date: '2026-05-11', type: 1 },
    ],
  });

  it('starts with today and counts only working days after it', () => {
    expect(workingDaysAhead(sut, '2026-04-10', 3)).toEqual([
      '2026-04-10',
      '2026-04-13',
      '2026-04-14',
      '2026-04-15',
    ]);
  });

  it('reaches Monday from a Friday in one working day, the weekend included', () => {
    const ahead = workingDaysAhead(sut, '2026-04-17', 1);
    expect(ahead).toEqual(['2026-04-17', '2026-04-20']);
    expect(workingDaysLeft(ahead, '2026-04-19')).toBe(1); // a Sunday due date
    expect(workingDaysLeft(ahead, '2026-04-20')).toBe(1);
    expect(workingDaysLeft(ahead, '2026-04-17')).toBe(0);
    expect(workingDaysLeft(ahead, '2026-04-21')).toBeNull();
  });

  it('jumps the May holidays: 5 working days before Friday 8 May is Thursday 30 April', () => {
    const ahead = workingDaysAhead(sut, '2026-04-30', 5);
    expect(ahead.at(-1)).toBe('2026-05-08');
    expect(workingDaysLeft(workingDaysAhead(sut, '2026-04-29', 6), '2026-05-08')).toBe(6);
  });

  it('names the most urgent rung reached', () => {
    expect(ladderStep([5, 2, 1], 6)).toBeNull();
    expect(ladderStep([5, 2, 1], 5)).toBe(5);
    expect(ladderStep([5, 2, 1], 3)).toBe(5);
    expect(ladderStep([5, 2, 1], 2)).toBe(2);
    expect(ladderStep([5, 2, 1], 0)).toBe(1);
    expect(ladderStep([], 0)).toBeNull();
  });
});
