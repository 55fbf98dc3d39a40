import { combineStatements } from './write-batch';

describe('combineStatements', () => {
  it('returns a single statement as it is', () => {
    const s = { sql: 'UPDATE t SET a = $1 WHERE id = $2', params: [1, 'x'] };
    expect(combineStatements([s])).toBe(s);
  });

  it('makes every statement but the last a CTE and renumbers the placeholders', () => {
    const out = combineStatements([
      { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: ['a1', 'a2'] },
      { sql: 'UPDATE b SET v = $1 WHERE id = $2', params: ['b1', 'b2'] },
      { sql: 'INSERT INTO c (n) VALUES ($1) RETURNING n', params: ['c1'] },
    ]);
    expect(out.sql).toBe(
      'WITH w1 AS (INSERT INTO a (x, y) VALUES ($1, $2)),\n' +
        'w2 AS (UPDATE b SET v = $3 WHERE id = $4)\n' +
        'INSERT INTO c (n) VALUES ($5) RETURNING n',
    );
    expect(out.params).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
  });

  it('renumbers two-digit placeholders whole ($10 is not $1 followed by 0)', () => {
    const first = { sql: 'SELECT 1', params: [] as unknown[] };
    const params = Array.from({ length: 11 }, (_, i) => i + 1);
    const second = { sql: 'INSERT INTO t VALUES ($1, $10, $11)', params };
    const out = combineStatements([{ sql: 'INSERT INTO z VALUES ($1)', params: ['z'] }, second]);
    expect(out.sql).toContain('INSERT INTO t VALUES ($2, $11, $12)');
    expect(out.params).toEqual(['z', ...params]);
    expect(combineStatements([first]).sql).toBe('SELECT 1');
  });

  it('refuses an empty list', () => {
    expect(() => combineStatements([])).toThrow();
  });
});
