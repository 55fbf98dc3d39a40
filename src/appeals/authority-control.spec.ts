import { cappedDueDate, checkAuthorityControl } from './authority-control';

describe('a supervising authority’s control (SPEC §6)', () => {
  const control = {
    authority: 'Государственная жилищная инспекция',
    letterNumber: '01-12/3456',
    letterDate: '2026-04-01',
    controlDate: '2026-04-20',
  };

  it('caps the due date: the earlier of the term and the control date wins', () => {
    expect(cappedDueDate('2026-05-06', control)).toBe('2026-04-20');
    expect(cappedDueDate('2026-04-15', control)).toBe('2026-04-15');
    expect(cappedDueDate('2026-05-06', null)).toBe('2026-05-06');
    expect(cappedDueDate(null, control)).toBe('2026-04-20');
  });

  it('accepts a letter of today or before with a control date from today on', () => {
    expect(checkAuthorityControl(control, '2026-04-06', 'authorityControl')).toEqual([]);
    expect(
      checkAuthorityControl({ ...control, controlDate: '2026-04-06' }, '2026-04-06', ''),
    ).toEqual([]);
  });

  it('refuses a control date already past, a letter from the future, a control before the letter', () => {
    expect(
      checkAuthorityControl({ ...control, controlDate: '2026-04-03' }, '2026-04-06', 'ac'),
    ).toEqual([{ field: 'ac.controlDate', code: 'IN_PAST', message: expect.any(String) }]);
    expect(
      checkAuthorityControl(
        { ...control, letterDate: '2026-04-07', controlDate: '2026-04-30' },
        '2026-04-06',
        '',
      ),
    ).toEqual([{ field: 'letterDate', code: 'IN_FUTURE', message: expect.any(String) }]);
    expect(
      checkAuthorityControl(
        { ...control, letterDate: '2026-04-05', controlDate: '2026-04-04' },
        '2026-04-06',
        '',
      ),
    ).toEqual([{ field: 'controlDate', code: 'BEFORE_LETTER', message: expect.any(String) }]);
  });

  it('refuses a blank authority or letter number', () => {
    expect(
      checkAuthorityControl({ ...control, authority: '  ', letterNumber: ' ' }, '2026-04-06', ''),
    ).toEqual([
      { field: 'authority', code: 'REQUIRED', message: 'Укажите орган' },
      { field: 'letterNumber', code: 'REQUIRED', message: 'Укажите номер письма органа' },
    ]);
  });
});
