import request from 'supertest';
import { createApp } from '../src/app.factory';
import { ABUSIVE_TERMS_REFRESH_MS, AbusiveTermsService } from '../src/rules/abusive-terms.service';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The administrators' allow and deny lists of the `abusive` rule (issue 17): managed through the
 * API by admins only, audited, honoured by registration and `POST /rules/check` on every
 * instance within the documented bound.
 */
describe('abusive rule: administrators’ allow and deny lists', () => {
  let t: TestApp;
  let key: string;
  let clerk: string;
  const URL = '/api/v1/rules/abusive/terms';

  beforeAll(async () => {
    // Rejected at once, so that the verdict is visible in the status; no duplicate checks
    // between the test's similar appeals.
    t = await startTestApp({
      env: { RULE_ABUSIVE: 'reject', RULE_DUPLICATE: 'off', RULE_REPEATED: 'off' },
    });
    key = (await t.createApiKey(['web'])).key;
    clerk = (await t.createStaff(['clerk'])).token;
  });
  afterAll(() => t.close());

  const add = (term: string, list: 'allow' | 'deny') =>
    t.http.post(URL).auth(t.adminToken, { type: 'bearer' }).send({ term, list });
  const remove = (id: string) =>
    t.http.delete(`${URL}/${id}`).auth(t.adminToken, { type: 'bearer' });
  const register = (text: string) =>
    t.http.post('/api/v1/appeals').set('X-API-Key', key).send(appealBody('web', { text }));
  const abusiveCheck = async (http: typeof t.http, text: string) => {
    const res = await http
      .post('/api/v1/rules/check')
      .set('X-API-Key', key)
      .send(appealBody('web', { text }))
      .expect(200);
    return (
      res.body as { checks: { rule: string; verdict: string; detail: string }[] }
    ).checks.find((c) => c.rule === 'abusive')!;
  };
  const audit = (id: string) =>
    t.db.query(
      `SELECT action, entity_type, data, actor_user_id FROM audit_events
        WHERE entity_id = $1 ORDER BY id`,
      [id],
    );

  it('is for admins only', async () => {
    const body = { term: 'бездельник*', list: 'deny' };
    await t.http.get(URL).auth(clerk, { type: 'bearer' }).expect(403);
    await t.http.post(URL).auth(clerk, { type: 'bearer' }).send(body).expect(403);
    await t.http
      .delete(`${URL}/00000000-0000-4000-8000-000000000000`)
      .auth(clerk, { type: 'bearer' })
      .expect(403);
    await t.http.get(URL).set('X-API-Key', key).expect(403);
    await t.http.get(URL).expect(401);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM abusive_terms');
    expect(n).toBe(0);
  });

  it('flags a denied word at registration in every spelling, from the moment it is added, and audits it', async () => {
    const text = (word: string) => `Ваши сотрудники — ${word}, трубу не чинят третью неделю.`;
    const before = await register(text('бездельники')).expect(201);
    expect(before.body.status).not.toBe('rejected');

    const res = await add('Бездельник*', 'deny').expect(201);
    expect(res.body).toMatchObject({
      term: 'Бездельник*',
      normalizedTerm: 'бездельник*',
      list: 'deny',
      createdById: expect.any(String),
      createdAt: expect.any(String),
    });
    const { id } = res.body as { id: string };

    for (const word of ['бездельники', 'БЕЗДЕЛЬНИКИ', 'бeздeльники', 'б е з д е л ь н и к и']) {
      const appeal = await register(text(word)).expect(201);
      expect(appeal.body).toMatchObject({ status: 'rejected', rejection: { reason: 'abusive' } });
      const check = (appeal.body.checks as { rule: string; detail: string }[]).find(
        (c) => c.rule === 'abusive',
      )!;
      expect(check.detail).toContain('Слово из списка администратора');
    }
    // An appeal registered before the term keeps its verdict: lists are not applied backwards.
    const kept = await t.http
      .get(`/api/v1/appeals/${before.body.id}`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(kept.body.status).toBe(before.body.status);

    const listed = await t.http.get(URL).auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id, list: 'deny' })]);
    expect(await audit(id)).toEqual([
      {
        action: 'abusive_term.create',
        entity_type: 'abusive_term',
        data: { list: 'deny', term: 'бездельник*' },
        actor_user_id: res.body.createdById,
      },
    ]);

    await remove(id).expect(204);
    expect((await register(text('бездельники')).expect(201)).body.status).not.toBe('rejected');
    expect((await audit(id)).map((a: { action: string }) => a.action)).toEqual([
      'abusive_term.create',
      'abusive_term.delete',
    ]);
    await remove(id).expect(404);
  });

  it('lets an allowed word through that the built-in lexicon flags', async () => {
    const text = 'Диспетчер — козлина, трубку не берёт.';
    expect((await abusiveCheck(t.http, text)).verdict).toBe('reject');
    const { id } = (await add('козлина', 'allow').expect(201)).body as { id: string };
    expect(await abusiveCheck(t.http, text)).toMatchObject({ verdict: 'pass' });
    expect((await register(text).expect(201)).body.status).not.toBe('rejected');
    // Other words are still flagged.
    expect((await abusiveCheck(t.http, 'Диспетчер — козлина и идиот.')).verdict).toBe('reject');
    expect((await audit(id))[0]).toMatchObject({
      action: 'abusive_term.create',
      data: { list: 'allow', term: 'козлина' },
    });
    await remove(id).expect(204);
  });

  it('keeps one list per word and validates terms (problem+json)', async () => {
    const { id } = (await add('халтурщик', 'deny').expect(201)).body as { id: string };
    for (const [term, list] of [
      ['халтурщик', 'deny'],
      ['ХАЛТУРЩИК', 'allow'],
      ['халтурщиик', 'deny'],
    ] as const) {
      const dup = await add(term, list).expect(409);
      expect(dup.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(dup.body).toMatchObject({ code: 'ABUSIVE_TERM_EXISTS', status: 409 });
    }
    for (const body of [
      { term: 'два слова', list: 'deny' },
      { term: 'ху*', list: 'deny' },
      { term: 'idiot', list: 'deny' },
      { term: 'х', list: 'deny' },
      { term: 'дурни', list: 'maybe' },
      { list: 'deny' },
    ]) {
      const bad = await t.http.post(URL).auth(t.adminToken, { type: 'bearer' }).send(body);
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    const bad = await add('два слова', 'deny').expect(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'term', code: 'INVALID_FORMAT' }),
    ]);
    await t.http.get(`${URL}?list=grey`).auth(t.adminToken, { type: 'bearer' }).expect(422);
    await t.http.delete(`${URL}/not-a-uuid`).auth(t.adminToken, { type: 'bearer' }).expect(422);
    const gone = await remove('00000000-0000-4000-8000-000000000000').expect(404);
    expect(gone.body.code).toBe('ABUSIVE_TERM_NOT_FOUND');
    await remove(id).expect(204);
  });

  it('is seen by another instance within the refresh bound, without a query per registration', async () => {
    const second = await createApp(t.config, { clock: t.clock });
    try {
      const other = request(second.app.getHttpServer());
      const text = 'Ваши работники — тунеядцы.';
      expect((await abusiveCheck(other, text)).verdict).toBe('pass');

      const service = second.app.get(AbusiveTermsService);
      // The lists' reads go through its VersionedCache (src/common/versioned-cache.ts).
      const cache = (service as unknown as { cache: { refresh: () => unknown } }).cache;
      const reads = jest.spyOn(cache, 'refresh');
      await Promise.all(Array.from({ length: 20 }, () => abusiveCheck(other, text)));
      expect(reads.mock.calls.length).toBeLessThanOrEqual(1);

      const { id } = (await add('тунеядцы', 'deny').expect(201)).body as { id: string };
      const added = performance.now();
      let verdict = 'pass';
      while (verdict === 'pass' && performance.now() - added < ABUSIVE_TERMS_REFRESH_MS + 2000) {
        verdict = (await abusiveCheck(other, text)).verdict;
        if (verdict === 'pass') await new Promise((r) => setTimeout(r, 50));
      }
      expect(verdict).toBe('reject');
      expect(performance.now() - added).toBeLessThan(ABUSIVE_TERMS_REFRESH_MS + 2000);
      reads.mockRestore();
      await remove(id).expect(204);
    } finally {
      await second.app.close();
    }
  });
});
