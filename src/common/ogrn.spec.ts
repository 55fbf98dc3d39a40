import { isValidOgrn } from './ogrn';

describe('isValidOgrn', () => {
  it('takes an ОГРН (13 digits) and an ОГРНИП (15) whose check digit is right', () => {
    expect(isValidOgrn('1027700132195')).toBe(true);
    expect(isValidOgrn('304500116000157')).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length and non-ASCII digits', () => {
    expect(isValidOgrn('1027700132196')).toBe(false);
    expect(isValidOgrn('304500116000158')).toBe(false);
    expect(isValidOgrn('10277001321')).toBe(false);
    expect(isValidOgrn('10277001321९५')).toBe(false);
  });
});
