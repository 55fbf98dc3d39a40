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
