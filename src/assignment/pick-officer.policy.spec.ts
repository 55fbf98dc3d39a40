import { pickOfficer as sut, type OfficerLoad } from './pick-officer.policy';

const officer = (
  id: string,
  openAppeals: number,
  lastAssignedAt: string | null,
  available = true,
): OfficerLoad => ({
  id,
  openAppeals,
  lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null,
  available,
});

describe('pickOfficer', () => {
  it('picks the officer with the fewest open appeals', () => {
    expect(sut([officer('a', 3, null), officer('b', 1, null), officer('c', 2, null)])?.id).toBe(
      'b',
    );
  });

  it('breaks a tie by the least recent assignment', () => {
    expect(
      sut([officer('a', 1, '2026-04-10T10:00:00Z'), officer('b', 1, '2026-04-09T10:00:00Z')])?.id,
    ).toBe('b');
  });

  it('prefers someone never assigned in a tie', () => {
    expect(sut([officer('a', 0, '2026-04-10T10:00:00Z'), officer('b', 0, null)])?.id).toBe('b');
  });

  it('skips officers marked unavailable', () => {
    expect(sut([officer('a', 0, null, false), officer('b', 9, null)])?.id).toBe('b');
  });

  it('returns null when nobody is available (the appeal waits in the queue)', () => {
    expect(sut([officer('a', 0, null, false)])).toBeNull();
    expect(sut([])).toBeNull();
  });

  it('is deterministic on a full tie', () => {
    expect(sut([officer('b', 0, null), officer('a', 0, null)])?.id).toBe('a');
  });
});
