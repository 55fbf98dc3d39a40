import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/**
 * Issue 20, items 5 and 7: internal notes (staff who see the appeal, never API keys, never the
 * applicant, in the history) and the legal department's mark (`legalReview`, SPEC §4: the
 * appeal is still considered).
 */
describe('notes and the legal department’s mark', () => {
  let t: TestApp;
  let key: string;
  let supervisor: { id: string; token: string };
  let billingHead: { id: string; token: string };
  let billingOfficer: { id: string; token: string };
  let technicalOfficer: { id: string; token: string };
  let generalHead: { id: string; token: string };
  /** A clerk who is also head of another department: sees what they registered, manages none of it. */
  let clerkHead: { id: string; token: string };

  interface Note {
    id: string;
    appealId: string;
    authorUserId: string;
    authorName: string;
    text: string;
    createdAt: string;
  }
  interface Event {
    type: string;
    reason: string | null;
    actorUserId: string | null;
    data: Record<string, unknown>;
  }

  const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const register = async (over: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/api/v1/appeals')
      .set('X-API-Key', key)
      .send(appealBody('web', { topicCode: 'billing', ...over }))
      .expect(201);
    return res.body as { id: string; status: string; version: number };
  };
  const read = async (id: string) => {
    const res = await t.http.get(`/api/v1/appeals/${id}`).set(bearer(supervisor)).expect(200);
    return { body: res.body as Record<string, unknown>, etag: res.headers.etag };
  };
  const history = async (id: string) =>
    (await t.http.get(`/api/v1/appeals/${id}/history`).set(bearer(supervisor)).expect(200)).body
      .items as Event[];
  const audit = (appealId: string, action: string) =>
    t.db.query<{ actor_user_id: string; data: Record<string, unknown> | null }[]>(
      `SELECT actor_user_id, data FROM audit_events
        WHERE entity_type = 'appeal' AND entity_id = $1 AND action = $2 ORDER BY id`,
      [appealId, action],
    );

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.createApiKey(['web'])).key;
    const billing = await t.departmentId('billing');
    const general = await t.departmentId('general');
    supervisor = await t.createStaff(['supervisor']);
    billingHead = await t.createStaff(['head'], { departmentId: billing });
    billingOfficer = await t.createStaff(['officer'], { departmentId: billing });
    technicalOfficer = await t.createStaff(['officer'], {
      departmentId: await t.departmentId('technical'),
    });
    generalHead = await t.createStaff(['head'], { departmentId: general });
    clerkHead = await t.createStaff(['clerk', 'head'], { departmentId: general });
  });
  afterAll(() => t.close());

  describe('notes', () => {
    const post = (id: string, who: { token: string }, body: unknown) =>
      t.http
        .post(`/api/v1/appeals/${id}/notes`)
        .set(bearer(who))
        .send(body as object);
    const list = (id: string, who: { token: string }, query = '') =>
      t.http.get(`/api/v1/appeals/${id}/notes${query}`).set(bearer(who));

    it('are written by staff who see the appeal, in the history without their text, never to the applicant', async () => {
      const appeal = await register();
      const before = await read(appeal.id);
      const [{ n: noticesBefore }] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notifications WHERE appeal_id = $1 AND audience = 'applicant'`,
        [appeal.id],
      );

      const res = await post(appeal.id, billingOfficer, {
        text: '  Заявитель звонил: просит ответ также по e-mail.  ',
      }).expect(201);
      const note = res.body as Note;
      expect(note).toEqual({
        id: expect.stringMatching(/^\d+$/),
        appealId: appeal.id,
        authorUserId: billingOfficer.id,
        authorName: expect.stringContaining('Сотрудник'),
        text: 'Заявитель звонил: просит ответ также по e-mail.',
        createdAt: t.clock.now().toISOString(),
      });

      const events = await history(appeal.id);
      const added = events.filter((e) => e.type === 'note_added');
      expect(added).toEqual([
        expect.objectContaining({
          actorUserId: billingOfficer.id,
          reason: null,
          data: { noteId: note.id },
        }),
      ]);
      expect(JSON.stringify(events)).not.toContain('Заявитель звонил');
      expect(await audit(appeal.id, 'note.add')).toEqual([
        { actor_user_id: billingOfficer.id, data: { noteId: note.id } },
      ]);
      // Nothing for the applicant, and the appeal itself did not change: ETags stay valid.
      const [{ n: noticesAfter }] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM notifications WHERE appeal_id = $1 AND audience = 'applicant'`,
        [appeal.id],
      );
      expect(noticesAfter).toBe(noticesBefore);
      expect((await read(appeal.id)).etag).toBe(before.etag);

      // Any staff member who sees it: the department's head, a supervisor.
      await post(appeal.id, billingHead, { text: 'Проверить показания ОДПУ' }).expect(201);
      await post(appeal.id, supervisor, { text: 'На контроле' }).expect(201);
    });

    it('are refused to staff who do not see the appeal (404) and to API keys (403)', async () => {
      const appeal = await register();
      await post(appeal.id, billingOfficer, { text: 'Внутренняя заметка' }).expect(201);

      const r1 = await post(appeal.id, technicalOfficer, { text: 'Чужое' }).expect(404);
      expect(r1.body.code).toBe('APPEAL_NOT_FOUND');
      const r2 = await list(appeal.id, technicalOfficer).expect(404);
      expect(r2.body.code).toBe('APPEAL_NOT_FOUND');
      await list(appeal.id, generalHead).expect(404);

      // Even the key that created the appeal: notes are internal.
      const r3 = await t.http
        .get(`/api/v1/appeals/${appeal.id}/notes`)
        .set('X-API-Key', key)
        .expect(403);
      expect(r3.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r3.body.code).toBe('FORBIDDEN');
      await t.http
        .post(`/api/v1/appeals/${appeal.id}/notes`)
        .set('X-API-Key', key)
        .send({ text: 'От клиента' })
        .expect(403);
      await t.http.get(`/api/v1/appeals/${appeal.id}/notes`).expect(401);

      const [{ n }] = await t.db.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM appeal_notes WHERE appeal_id = $1',
        [appeal.id],
      );
      expect(n).toBe(1);
    });

    it('validates the text: 1 to 10 000 characters after trimming, no other fields', async () => {
      const appeal = await register();
      const fieldsOf = (body: { errors: { field: string; code: string }[] }) =>
        body.errors.map((e) => `${e.field} ${e.code}`);

      let res = await post(appeal.id, billingOfficer, { text: '   ' }).expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toEqual(['text REQUIRED']);
      res = await post(appeal.id, billingOfficer, {}).expect(422);
      expect(fieldsOf(res.body)).toContain('text REQUIRED');
      res = await post(appeal.id, billingOfficer, { text: 42 }).expect(422);
      expect(fieldsOf(res.body)).toContain('text INVALID_TYPE');
      res = await post(appeal.id, billingOfficer, { text: 'я'.repeat(10_001) }).expect(422);
      expect(fieldsOf(res.body)).toEqual(['text TOO_LONG']);
      res = await post(appeal.id, billingOfficer, { text: 'ок', pinned: true }).expect(422);
      expect(fieldsOf(res.body)).toEqual(['pinned UNKNOWN_FIELD']);
      await post(appeal.id, billingOfficer, { text: 'я'.repeat(10_000) }).expect(201);
      await t.http
        .post('/api/v1/appeals/not-a-uuid/notes')
        .set(bearer(billingOfficer))
        .send({ text: 'x' })
        .expect(422);
    });

    it('are listed oldest first, a page at a time, and each read is audited', async () => {
      const appeal = await register();
      const texts = ['Первая', 'Вторая', 'Третья'];
      for (const [i, text] of texts.entries()) {
        t.clock.set(`2026-04-10T1${i}:00:00+03:00`);
        await post(appeal.id, billingOfficer, { text }).expect(201);
      }
      t.clock.set('2026-04-10T09:00:00+03:00');

      const first = (await list(appeal.id, billingHead, '?limit=2').expect(200)).body as {
        items: Note[];
        nextCursor: string | null;
      };
      expect(first.items.map((n) => n.text)).toEqual(['Первая', 'Вторая']);
      expect(first.items[0].createdAt).toBe('2026-04-10T07:00:00.000Z');
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (
        await list(
          appeal.id,
          billingHead,
          `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
        ).expect(200)
      ).body as { items: Note[]; nextCursor: string | null };
      expect(second.items.map((n) => n.text)).toEqual(['Третья']);
      expect(second.nextCursor).toBeNull();

      const reads = await audit(appeal.id, 'note.read');
      expect(reads).toEqual([
        { actor_user_id: billingHead.id, data: { noteIds: first.items.map((n) => n.id) } },
        { actor_user_id: billingHead.id, data: { noteIds: [second.items[0].id] } },
      ]);

      const bad = await list(appeal.id, billingHead, '?cursor=bm9wZQ').expect(422);
      expect(bad.body.code).toBe('INVALID_CURSOR');
    });
  });

  describe('the legal department’s mark', () => {
    const mark = (id: string, who: { token: string }, body: object = {}, etag?: string) => {
      const req = t.http.put(`/api/v1/appeals/${id}/legal-review`).set(bearer(who));
      if (etag) req.set('If-Match', etag);
      return req.send(body);
    };
    const clear = (id: string, who: { token: string }, body: object = {}) =>
      t.http.delete(`/api/v1/appeals/${id}/legal-review`).set(bearer(who)).send(body);
    const listIds = async (query: string) =>
      (
        (await t.http.get(`/api/v1/appeals${query}`).set(bearer(supervisor)).expect(200)).body
          .items as { id: string }[]
      ).map((a) => a.id);

    it('is set by the department’s head, with history and audit; the appeal goes on as before', async () => {
      const appeal = await register();
      const before = await read(appeal.id);
      expect(before.body.legalReview).toBe(false);

      const res = await mark(
        appeal.id,
        billingHead,
        { comment: 'Возможны заведомо ложные сведения о сотруднике' },
        before.etag,
      ).expect(200);
      expect(res.body.legalReview).toBe(true);
      expect(res.body.status).toBe(before.body.status);
      expect(res.body.dueDate).toBe(before.body.dueDate);
      expect(res.headers.etag).not.toBe(before.etag);
      expect(res.headers.etag).toBe((await read(appeal.id)).etag);

      const events = (await history(appeal.id)).filter((e) => e.type.startsWith('legal_review'));
      expect(events).toEqual([
        expect.objectContaining({
          type: 'legal_review_requested',
          actorUserId: billingHead.id,
          reason: 'Возможны заведомо ложные сведения о сотруднике',
        }),
      ]);
      expect(await audit(appeal.id, 'appeal.legal_review.set')).toEqual([
        { actor_user_id: billingHead.id, data: null },
      ]);

      // Marking a marked appeal changes nothing.
      const again = await mark(appeal.id, billingHead).expect(200);
      expect(again.headers.etag).toBe(res.headers.etag);
      expect(
        (await history(appeal.id)).filter((e) => e.type.startsWith('legal_review')),
      ).toHaveLength(1);

      // The officer works on as usual.
      await t.http
        .post(`/api/v1/appeals/${appeal.id}/start`)
        .set(bearer(billingOfficer))
        .expect(200);
    });

    it('is a list filter', async () => {
      const marked = await register();
      const plain = await register();
      await mark(marked.id, supervisor).expect(200);
      const yes = await listIds('?legalReview=true&limit=500');
      expect(yes).toContain(marked.id);
      expect(yes).not.toContain(plain.id);
      const no = await listIds('?legalReview=false&limit=500');
      expect(no).toContain(plain.id);
      expect(no).not.toContain(marked.id);
      const bad = await t.http
        .get('/api/v1/appeals?legalReview=maybe')
        .set(bearer(supervisor))
        .expect(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['legalReview']);
    });

    it('is cleared by a supervisor, with history', async () => {
      const appeal = await register();
      await mark(appeal.id, billingHead).expect(200);
      const res = await clear(appeal.id, supervisor, { comment: 'Юристы: нарушений нет' }).expect(
        200,
      );
      expect(res.body.legalReview).toBe(false);
      const events = (await history(appeal.id)).filter((e) => e.type.startsWith('legal_review'));
      expect(events.map((e) => [e.type, e.reason, e.actorUserId])).toEqual([
        ['legal_review_requested', 'Передано на проверку юридическому отделу', billingHead.id],
        ['legal_review_cleared', 'Юристы: нарушений нет', supervisor.id],
      ]);
      expect(await audit(appeal.id, 'appeal.legal_review.clear')).toHaveLength(1);
    });

    it('may be set on a closed appeal too', async () => {
      const appeal = await register();
      await t.http
        .post(`/api/v1/appeals/${appeal.id}/withdraw`)
        .set(bearer(supervisor))
        .send({ comment: 'Отозвано' })
        .expect(200);
      const res = await mark(appeal.id, billingHead).expect(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', legalReview: true });
    });

    it('is refused to a head of another department, officers, clerks and API keys; a stale If-Match is 412', async () => {
      const appeal = await register();
      const { etag } = await read(appeal.id);
      // Not visible to the other department's head at all.
      const r404 = await mark(appeal.id, generalHead).expect(404);
      expect(r404.body.code).toBe('APPEAL_NOT_FOUND');
      // Visible (they registered it), but not theirs to manage.
      const paper = (
        await t.http
          .post('/api/v1/appeals')
          .set(bearer(clerkHead))
          .send(appealBody('post', { topicCode: 'billing' }))
          .expect(201)
      ).body as { id: string; departmentId: string };
      expect(paper.departmentId).toBe(await t.departmentId('billing'));
      const r403 = await mark(paper.id, clerkHead).expect(403);
      expect(r403.body.code).toBe('FORBIDDEN');
      await clear(paper.id, clerkHead).expect(403);

      await mark(appeal.id, billingOfficer).expect(403);
      await t.http
        .put(`/api/v1/appeals/${appeal.id}/legal-review`)
        .set('X-API-Key', key)
        .send({})
        .expect(403);

      await t.http
        .post(`/api/v1/appeals/${appeal.id}/notes`)
        .set(bearer(billingOfficer))
        .send({ text: 'Заметка не меняет версию' })
        .expect(201);
      await mark(appeal.id, billingHead, {}, etag).expect(200);
      const stale = await mark(appeal.id, supervisor, {}, etag).expect(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      const r422 = await mark(appeal.id, billingHead, { comment: 'x'.repeat(2001) }).expect(422);
      expect(r422.body.errors[0]).toMatchObject({ field: 'comment', code: 'TOO_LONG' });

      const [row] = await t.db.query<{ legal_review: boolean }[]>(
        'SELECT legal_review FROM appeals WHERE id = $1',
        [paper.id],
      );
      expect(row.legal_review).toBe(false);
    });
  });
});
