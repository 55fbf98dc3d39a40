import { STATUSES } from './appeal.enums';
import { OPEN_STATUSES, TRANSITIONS, canTransition, isTerminal } from './appeal-status';

describe('appeal status table', () => {
  it('has exactly the terminal statuses of the spec', () => {
    expect(STATUSES.filter(isTerminal).sort()).toEqual(
      ['answered', 'duplicate', 'forwarded', 'rejected', 'withdrawn'].sort(),
    );
  });

  it('lets no terminal status go anywhere', () => {
    for (const from of STATUSES.filter(isTerminal)) {
      for (const to of STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('only leads to known statuses', () => {
    for (const targets of Object.values(TRANSITIONS)) {
      for (const t of targets) expect(STATUSES).toContain(t);
    }
  });

  it('treats every non-terminal status as open', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(STATUSES.filter((s) => !isTerminal(s)).sort());
  });

  it('allows the main path registered → assigned → in_progress → answered', () => {
    expect(canTransition('registered', 'assigned')).toBe(true);
    expect(canTransition('assigned', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'answered')).toBe(true);
  });

  it('does not allow answering an appeal nobody was assigned', () => {
    expect(canTransition('registered', 'answered')).toBe(false);
    expect(canTransition('under_review', 'answered')).toBe(false);
  });

  it('puts a draft answer between in_progress and answered: approved, returned or withdrawn', () => {
    expect(canTransition('in_progress', 'answer_review')).toBe(true);
    expect(TRANSITIONS.answer_review).toEqual(['answered', 'in_progress', 'withdrawn']);
    expect(OPEN_STATUSES).toContain('answer_review');
  });

  it('lets a correction hand an appeal in work back to a queue, but not a draft answer', () => {
    // PATCH /appeals/{id} moving it to another department (issue 20); a draft is returned first.
    expect(canTransition('in_progress', 'registered')).toBe(true);
    expect(canTransition('assigned', 'registered')).toBe(true);
    expect(canTransition('answer_review', 'registered')).toBe(false);
  });
});
