import { parseRegNumber } from './reg-number';

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

  it('reads a two-digit year and a number with the sequence first', () => {
    expect(parseRegNumber('ВХ-{yy}/{seq}', 'ВХ-26/981')).toEqual({ year: 2026, seq: 981 });
    expect(parseRegNumber('{seq:5}/{year}', '00981/2026')).toEqual({ year: 2026, seq: 981 });
  });
});
