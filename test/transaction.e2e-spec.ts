import { randomUUID } from 'node:crypto';
import { inlineParams } from '../src/database/inline-params';
import { transaction } from '../src/database/transaction';
import { WriteBatch } from '../src/database/write-batch';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A registration's final statement travels with its COMMIT in one simple-protocol message, its
 * parameters inlined as literals (issue 10: the counter is not held across a round trip). The
 * literals must reach PostgreSQL as exactly the values parameters would have been, and the
 * transaction must commit all or nothing.
 */
describe('final statement and COMMIT in one message', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.db.query(`CREATE TABLE tx_probe (
      id uuid PRIMARY KEY, label text UNIQUE, n integer, ok boolean, at timestamptz,
      doc jsonb, tags text[], raw bytea)`);
  });
  afterAll(() => t.close());

  const INSERT = `INSERT INTO tx_probe (id, label, n, ok, at, doc, tags, raw)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
  const values = (label: string): unknown[] => [
    randomUUID(),
    label,
    -42,
    true,
    new Date('2026-03-01T09:15:30.123Z'),
    { text: `O'Brien \\ "кавычки" $1 \n ${label}`, list: [1, null, 'два'] },
    ['a,b', 'c"d', "e'f", 'g\\h', '{x}', 'NULL', 'ё 😀'],
    Buffer.from([0, 1, 0xfe, 0xff, 0x27, 0x5c]),
  ];
  const read = (id: string) =>
    t.db.query<Record<string, unknown>[]>(
      'SELECT label, n, ok, at, doc, tags, raw FROM tx_probe WHERE id = $1',
      [id],
    );

  it('stores the same values as parameters would, however they are quoted', async () => {
    const tricky = [
      "'; DROP TABLE tx_probe; --",
      "E'\\x41' \\' \\\\",
      'перенос\nстроки\tи табуляция',
      '$2 $10 $$ тело $$',
      '<script>alert(1)</script>',
    ];
    for (const label of tricky) {
      const inlined = values(label);
      const bound = values(`${label} (bound)`);
      await t.db.query(inlineParams({ sql: INSERT, params: inlined }));
      await t.db.query(INSERT, bound);
      const [a] = await read(inlined[0] as string);
      const [b] = await read(bound[0] as string);
      expect(a.label).toBe(label);
      expect({ ...a, label: null, doc: null }).toEqual({ ...b, label: null, doc: null });
      expect(a.doc).toEqual(inlined[5]);
      expect(a.raw).toEqual(inlined[7]);
      expect(a.tags).toEqual(inlined[6]);
    }
  });

  it('writes NULL for null and undefined, and refuses a placeholder without a value', () => {
    expect(inlineParams({ sql: 'SELECT $1, $2', params: [null, undefined] })).toBe(
      'SELECT NULL, NULL',
    );
    expect(() => inlineParams({ sql: 'SELECT $2', params: [1] })).toThrow(/\$2/);
    // $10 is the tenth value, not the first followed by 0.
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(inlineParams({ sql: 'SELECT $1, $10', params: ten })).toBe("SELECT '1', '10'");
  });

  it('commits the batch with everything before it, visible to every other connection', async () => {
    const before = randomUUID();
    const last = randomUUID();
    await transaction(t.db, async (em, tx) => {
      await em.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [before, 'раньше']);
      const batch = new WriteBatch();
      batch.add('INSERT INTO tx_probe (id, label, n) VALUES ($1, $2, $3)', [last, 'вместе', 7]);
      await tx.commitWith(em, batch);
      expect(tx.committed).toBe(true);
    });
    const rows = await t.db.query<{ label: string }[]>(
      'SELECT label FROM tx_probe WHERE id = ANY($1) ORDER BY label',
      [[before, last]],
    );
    expect(rows.map((r) => r.label)).toEqual(['вместе', 'раньше']);
    // The pooled connection is left outside any transaction: the next one works normally.
    await transaction(t.db, async (em) => {
      const [{ now }] = await em.query<{ now: string }[]>('SELECT now()::text AS now');
      const [{ later }] = await em.query<{ later: string }[]>('SELECT now()::text AS later');
      expect(later).toBe(now); // one transaction: one now()
    });
  });

  it('commits nothing when the final statement fails, and reports the database error', async () => {
    const taken = randomUUID();
    await t.db.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [taken, 'занято']);
    const before = randomUUID();
    const err = await transaction(t.db, async (em, tx) => {
      await em.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [before, 'откатится']);
      const batch = new WriteBatch();
      batch.add('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [randomUUID(), 'занято']);
      await tx.commitWith(em, batch);
    }).catch((e: unknown) => e as { code?: string; constraint?: string });
    expect(err).toMatchObject({ code: '23505', constraint: 'tx_probe_label_key' });
    expect(await read(before)).toEqual([]);
    // ...and the connection is usable again.
    const [{ n }] = await t.db.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM tx_probe WHERE label = 'занято'",
    );
    expect(n).toBe(1);
  });

  it('runs work that waits for the rows before a COMMIT of its own', async () => {
    const id = randomUUID();
    const seen: number[] = [];
    await transaction(t.db, async (em, tx) => {
      const batch = new WriteBatch();
      batch.add('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [id, 'после записи']);
      batch.afterFlush(async () => {
        const [{ n }] = await em.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM tx_probe WHERE id = $1',
          [id],
        );
        seen.push(n);
      });
      await tx.commitWith(em, batch);
    });
    expect(seen).toEqual([1]);
    expect(await read(id)).toHaveLength(1);
  });

  it('rolls back when the work throws after writing', async () => {
    const id = randomUUID();
    await expect(
      transaction(t.db, async (em) => {
        await em.query('INSERT INTO tx_probe (id, label) VALUES ($1, $2)', [id, 'брошено']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await read(id)).toEqual([]);
  });
});
