import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

describe('registration numbers', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-01T10:00:00+03:00' });
    key = (await t.createApiKey(['web'])).key;
  });
  afterAll(() => t.close());

  const register = (text: string) =>
    t.http.post('/api/v1/appeals').set('X-API-Key', key).send(appealBody('web', { text }));

  it('gives 200 concurrent registrations 200 distinct consecutive numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => register(`Обращение №${i}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(201));
    const numbers = results.map((r) => r.body.regNumber as string);
    expect(new Set(numbers).size).toBe(200);
    const seqs = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => seqs[0] + i));
    expect(numbers.every((n) => n.startsWith('2026-'))).toBe(true);
    const [{ n }] = await t.db.query('SELECT count(DISTINCT reg_number)::int AS n FROM appeals');
    expect(n).toBe(200);
  });

  it('leaves no gap when a registration fails after its number was allocated', async () => {
    const before = (await register('до сбоя').expect(201)).body.regNumber as string;
    // Make the acknowledgement insert, which runs after the number is taken, fail once.
    await t.db.query(`
      CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.kind = 'acknowledgement' AND NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'failed_once') THEN
          RAISE EXCEPTION 'simulated failure';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_once BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION fail_once();`);
    const failed = await register('сбой посреди регистрации').expect(500);
    expect(failed.body.code).toBe('INTERNAL_ERROR');
    await t.db.query(
      'CREATE TABLE failed_once (); DROP TRIGGER fail_once ON notifications; DROP FUNCTION fail_once();',
    );
    const after = (await register('после сбоя').expect(201)).body.regNumber as string;
    expect(Number(after.split('-')[1])).toBe(Number(before.split('-')[1]) + 1);
    const [{ n }] = await t.db.query(
      "SELECT count(*)::int AS n FROM appeals WHERE text = 'сбой посреди регистрации'",
    );
    expect(n).toBe(0);
  });

  it('restarts the sequence in a new year, by the local date of registration', async () => {
    // 2026-12-31 21:30 UTC is already 2027-01-01 in Moscow.
    t.clock.set('2026-12-31T21:30:00Z');
    const first = await register('Новогоднее обращение').expect(201);
    expect(first.body.regNumber).toBe('2027-000001');
    const second = await register('Второе новогоднее').expect(201);
    expect(second.body.regNumber).toBe('2027-000002');
    t.clock.set('2026-06-01T10:00:00+03:00');
  });
});

describe('registration number template', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('follows REG_NUMBER_TEMPLATE', async () => {
    t = await startTestApp({
      now: '2026-06-01T10:00:00+03:00',
      env: { REG_NUMBER_TEMPLATE: 'ОБР-{yy}/{seq:4}' },
    });
    const { key } = await t.createApiKey(['web']);
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web'))
      .expect(201);
    expect(res.body.regNumber).toBe('ОБР-26/0001');
  });
});

describe('registrations waiting for the counter (NUMBERING_CONCURRENCY)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-06-01T10:00:00+03:00',
      env: { NUMBERING_CONCURRENCY: '2' },
    });
    key = (await t.createApiKey(['web'])).key;
    // Each appeal's insert (under the counter's lock) records how many of this database's
    // backends wait for a lock at that moment, then lingers so the others can pile up.
    await t.db.query(`
      CREATE TABLE lock_waiters (n int NOT NULL);
      CREATE FUNCTION count_waiters() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO lock_waiters SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock';
        PERFORM pg_sleep(0.03);
        RETURN NEW;
      END $$;
      CREATE TRIGGER count_waiters BEFORE INSERT ON appeals FOR EACH ROW EXECUTE FUNCTION count_waiters();`);
  });
  afterAll(() => t.close());

  const register = (text: string) =>
    t.http.post('/api/v1/appeals').set('X-API-Key', key).send(appealBody('web', { text }));

  it('lets at most that many wait in PostgreSQL; the rest queue in the instance and all get numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => register(`Очередь ${i}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const seqs = results.map((r) => Number(String(r.body.regNumber).split('-')[1]));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const rows: { n: number }[] = await t.db.query('SELECT n FROM lock_waiters');
    expect(rows).toHaveLength(12);
    // Two in flight: the one inserting and at most one behind it. Without the limit (the pool
    // alone allows 20) this test saw up to 7 waiting.
    expect(Math.max(...rows.map((r) => r.n))).toBeLessThanOrEqual(1);
  });

  it('gives the permit back when a registration fails', async () => {
    await t.db.query(`
      CREATE FUNCTION fail_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated failure'; END $$;
      CREATE TRIGGER fail_all BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION fail_all();`);
    const failed = await Promise.all(Array.from({ length: 3 }, (_, i) => register(`Сбой ${i}`)));
    expect(failed.map((r) => r.status)).toEqual([500, 500, 500]);
    await t.db.query('DROP TRIGGER fail_all ON notifications; DROP FUNCTION fail_all();');
    // Had a failure kept its permit, these would never reach PostgreSQL.
    const after = await Promise.all(Array.from({ length: 3 }, (_, i) => register(`После ${i}`)));
    expect(after.map((r) => r.status)).toEqual([201, 201, 201]);
  });
});

describe('permits and the connection pool', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-06-01T10:00:00+03:00',
      env: { NUMBERING_CONCURRENCY: '1' },
    });
  });
  afterAll(() => t.close());

  it('answers 40 racing retries of one Idempotency-Key (more than the pool of 20) without a deadlock', async () => {
    const { key } = await t.createApiKey(['web']);
    const body = appealBody('web', { text: 'Одно обращение, много повторов' });
    // The first numbering statement lingers, so every other request gets past the early replay
    // check and into a transaction (holding a connection) before it has committed.
    await t.db.query(`
      CREATE FUNCTION linger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'lingered') THEN
          CREATE TABLE lingered ();
          PERFORM pg_sleep(1.5);
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER linger BEFORE INSERT ON appeals FOR EACH ROW EXECUTE FUNCTION linger();`);
    // The losers fail on the stored key and look up the winner's answer on a new connection:
    // a permit kept across that lookup would wait for a connection that registrations waiting
    // for the permit hold.
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.http
          .post('/api/v1/appeals')
          .set('X-API-Key', key)
          .set('Idempotency-Key', 'retry-storm-1')
          .send(body),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(new Set(results.map((r) => r.body.id as string)).size).toBe(1);
    const [{ n }] = await t.db.query(
      "SELECT count(*)::int AS n FROM appeals WHERE text = 'Одно обращение, много повторов'",
    );
    expect(n).toBe(1);
  }, 30_000);
});
