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

  it('gives the same statement again for the same parts, and its own for another offset', () => {
    const tail = { sql: 'UPDATE t SET v = $1 WHERE id = $2', params: ['v', 'id'] };
    const one = { sql: 'INSERT INTO a VALUES ($1)', params: ['a'] };
    const two = { sql: 'INSERT INTO b VALUES ($1, $2)', params: ['b1', 'b2'] };
    const first = combineStatements([one, tail]);
    expect(combineStatements([one, tail])).toEqual(first);
    expect(first.sql).toContain('UPDATE t SET v = $2 WHERE id = $3');
    // The same text after a longer prefix is numbered after that prefix, not as remembered.
    expect(combineStatements([two, tail]).sql).toContain('UPDATE t SET v = $3 WHERE id = $4');
  });

  it('refuses an empty list', () => {
    expect(() => combineStatements([])).toThrow();
  });
});
