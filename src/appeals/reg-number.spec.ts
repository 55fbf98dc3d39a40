import { formatRegNumber, parseRegNumber } from './reg-number';

describe('formatRegNumber', () => {
  it('pads the sequence to the width of the default template', () => {
    expect(formatRegNumber('{year}-{seq:6}', 2026, 123)).toBe('2026-000123');
  });

  it('does not truncate a sequence longer than the width', () => {
    expect(formatRegNumber('{year}-{seq:3}', 2026, 12345)).toBe('2026-12345');
  });

  it('supports a two-digit year, an unpadded sequence and literal text', () => {
    expect(formatRegNumber('ВХ-{yy}/{seq}', 2027, 7)).toBe('ВХ-27/7');
  });
});

describe('parseRegNumber', () => {
  it('reads year and sequence from a number of the default template', () => {
    expect(parseRegNumber('{year}-{seq:6}', '2025-000042')).toEqual({ year: 2025, seq: 42 });
  });

  it('returns null for a number of another format', () => {
    expect(parseRegNumber('{year}-{seq:6}', 'Ж-15/2019')).toBeNull();
    expect(parseRegNumber('{year}-{seq:6}', '2025-42')).toBeNull();
  });

  it('treats template punctuation literally', () => {
    expect(parseRegNumber('{year}.{seq:4}', '2025x0001')).toBeNull();
    expect(parseRegNumber('{year}.{seq:4}', '2025.0001')).toEqual({ year: 2025, seq: 1 });
  });

  it('round-trips what formatRegNumber makes', () => {
    for (const t of ['{year}-{seq:6}', 'ВХ-{yy}/{seq}', '{seq:5}/{year}']) {
      expect(parseRegNumber(t, formatRegNumber(t, 2026, 981))).toEqual({ year: 2026, seq: 981 });
    }
  });
});
