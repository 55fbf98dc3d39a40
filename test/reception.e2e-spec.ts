import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Personal reception by appointment (issue 22). Monday 2026-05-04, 09:00 Moscow time: Friday
 * 2026-05-08 is a shortened pre-holiday day, Monday 2026-05-11 a day off (production calendar).
 */
describe('personal reception by appointment', () => {
  let t: TestApp;
  let web: { id: string; key: string };
  let otherWeb: { id: string; key: string };
  let clerk: { id: string; token: string };
  let director: { id: string; token: string };
  let deputy: { id: string; token: string };
  let scheduleId: string;
  let orgScheduleId: string;
  let serial = 0;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const at = (iso: string, id = scheduleId) => `${id}:${new Date(iso).toISOString()}`;
  const person = (over: Record<string, unknown> = {}) => ({
    type: 'individual',
    lastName: 'Иванов',
    firstName: 'Пётр',
    email: `reception+${++serial}@example.ru`,
    ...over,
  });
  const bookingBody = (slotId: string, over: Record<string, unknown> = {}) => ({
    slotId,
    applicant: person(),
    topicCode: 'billing',
    question: 'Почему выросла плата за вывоз ТКО',
    ...over,
  });
  const book = (slotId: string, over: Record<string, unknown> = {}, key = web.key) =>
    t.http.post('/api/v1/reception/bookings').set('X-API-Key', key).send(bookingBody(slotId, over));
  const bookingCount = async (): Promise<number> =>
    (await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM reception_bookings'))[0].n;
  const noticesOf = async (bookingId: string) =>
    await t.db.query<
      { kind: string; recipient: string; subject: string; body: string; appeal_id: null }[]
    >(
      `SELECT kind, recipient, subject, body, appeal_id FROM notifications
        WHERE reception_booking_id = $1 ORDER BY created_at, kind`,
      [bookingId],
    );
  const slotsOn = async (from: string, to: string, id = scheduleId) =>
    (
      await t.http
        .get('/api/v1/reception/slots')
        .query({ from, to, scheduleId: id })
        .set('X-API-Key', web.key)
        .expect(200)
    ).body.items as { id: string; startsAt: string; free: boolean; official: unknown }[];

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-05-04T09:00:00+03:00',
      env: { RECEPTION_MAX_ACTIVE_BOOKINGS: '2' },
    });
    web = await t.createApiKey(['web']);
    otherWeb = await t.createApiKey(['web']);
    clerk = await t.createStaff(['clerk']);
    const billing = await t.departmentId('billing');
    director = await t.createStaff(['head'], { departmentId: billing });
    deputy = await t.createStaff(['head'], { departmentId: billing });
    const res = await t.http
      .post('/api/v1/reception/schedules')
      .set(bearer(t.adminToken))
      .send({
        officialId: director.id,
        title: 'Генеральный директор',
        location: 'г. Пермь, ул. Ленина, 1, каб. 101',
        days: [
          { weekday: 1, from: '10:00', to: '12:00' },
          { weekday: 5, from: '15:00', to: '18:00' },
        ],
        slotMinutes: 30,
        audience: 'all',
        validFrom: '2026-05-01',
      })
      .expect(201);
    scheduleId = res.body.id;
    orgScheduleId = (
      await t.http
        .post('/api/v1/reception/schedules')
        .set(bearer(director.token))
        .send({
          officialId: deputy.id,
          title: 'Заместитель директора',
          location: 'каб. 202',
          days: [{ weekday: 2, from: '10:00', to: '11:00' }],
          slotMinutes: 30,
          audience: 'organizations',
          topicCodes: ['billing'],
          validFrom: '2026-05-01',
          validTo: '2026-12-31',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t?.close());

  describe('schedules', () => {
    it('refuses a schedule that overlaps another of the same official (422)', async () => {
      const res = await t.http
        .post('/api/v1/reception/schedules')
        .set(bearer(t.adminToken))
        .send({
          officialId: director.id,
          title: 'Генеральный директор',
          location: 'каб. 5',
          days: [{ weekday: 1, from: '11:30', to: '13:00' }],
          slotMinutes: 30,
          audience: 'individuals',
          validFrom: '2026-06-01',
        })
        .expect(422);
      expect(res.body.code).toBe('SCHEDULE_OVERLAP');
    });

    it('takes the same hours for another official, and lets an officer not define one', async () => {
      await t.http
        .post('/api/v1/reception/schedules')
        .set(bearer(t.adminToken))
        .send({
          officialId: clerk.id,
          title: 'Начальник абонентского отдела',
          location: 'каб. 7',
          days: [{ weekday: 1, from: '10:00', to: '12:00' }],
          slotMinutes: 20,
          audience: 'individuals',
          validFrom: '2026-05-01',
        })
        .expect(201);
      await t.http
        .post('/api/v1/reception/schedules')
        .set(bearer(clerk.token))
        .send({})
        .expect(403);
    });
  });

  describe('schedule changes', () => {
    it('changes a schedule, under the same overlap rule, and lists it', async () => {
      const extra = await t.http
        .post('/api/v1/reception/schedules')
        .set(bearer(t.adminToken))
        .send({
          officialId: director.id,
          title: 'Генеральный директор',
          location: 'каб. 1',
          days: [{ weekday: 3, from: '09:00', to: '10:00' }],
          slotMinutes: 30,
          audience: 'all',
          validFrom: '2027-01-01',
          validTo: '2027-01-31',
        })
        .expect(201);
      const clash = await t.http
        .patch(`/api/v1/reception/schedules/${extra.body.id}`)
        .set(bearer(t.adminToken))
        .send({ days: [{ weekday: 5, from: '17:00', to: '18:00' }] })
        .expect(422);
      expect(clash.body.code).toBe('SCHEDULE_OVERLAP');
      const moved = await t.http
        .patch(`/api/v1/reception/schedules/${extra.body.id}`)
        .set(bearer(t.adminToken))
        .send({ location: 'каб. 2' })
        .expect(200);
      expect(moved.body).toMatchObject({ location: 'каб. 2', validTo: '2027-01-31' });
      const list = await t.http
        .get('/api/v1/reception/schedules')
        .set(bearer(clerk.token))
        .expect(200);
      expect(list.body.items.map((x: { id: string }) => x.id)).toEqual(
        expect.arrayContaining([scheduleId, orgScheduleId, extra.body.id]),
      );
    });
  });

  describe('slots', () => {
    it('gives slots on working days only, a shortened day ending an hour earlier', async () => {
      const slots = await slotsOn('2026-05-04', '2026-05-11');
      expect(slots.map((s) => s.startsAt)).toEqual([
        '2026-05-04T07:00:00.000Z',
        '2026-05-04T07:30:00.000Z',
        '2026-05-04T08:00:00.000Z',
        '2026-05-04T08:30:00.000Z',
        // Friday 8 May is shortened (ТК РФ ст. 95): 15:00–17:00 instead of 18:00.
        '2026-05-08T12:00:00.000Z',
        '2026-05-08T12:30:00.000Z',
        '2026-05-08T13:00:00.000Z',
        '2026-05-08T13:30:00.000Z',
        // Monday 11 May is a day off: nothing.
      ]);
      expect(slots[0]).toMatchObject({
        id: at('2026-05-04T10:00:00+03:00'),
        official: { fullName: expect.any(String), title: 'Генеральный директор' },
        location: 'г. Пермь, ул. Ленина, 1, каб. 101',
        free: true,
      });
    });
  });

  describe('booking', () => {
    it('books a slot: 201 with a number, the confirmation in the outbox', async () => {
      const res = await book(at('2026-05-04T10:00:00+03:00'), {
        applicant: person({ email: 'petrov@example.ru' }),
      }).expect(201);
      expect(res.body).toMatchObject({
        number: 'П-2026-000001',
        status: 'booked',
        slot: {
          id: at('2026-05-04T10:00:00+03:00'),
          free: false,
          official: { title: 'Генеральный директор' },
        },
        topicCode: 'billing',
      });
      const notices = await noticesOf(res.body.id);
      expect(notices).toEqual([
        expect.objectContaining({
          kind: 'reception_booked',
          recipient: 'petrov@example.ru',
          appeal_id: null,
        }),
      ]);
      expect(notices[0].body).toContain('04.05.2026 в 10:00');
      const slots = await slotsOn('2026-05-04', '2026-05-04');
      expect(slots.find((s) => s.startsAt === '2026-05-04T07:00:00.000Z')?.free).toBe(false);
    });

    it('lets exactly one of two concurrent bookings of a slot win (409 SLOT_TAKEN)', async () => {
      const slot = at('2026-05-04T10:30:00+03:00');
      const before = await bookingCount();
      const results = await Promise.all([book(slot), book(slot, {}, otherWeb.key)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('SLOT_TAKEN');
      expect(await bookingCount()).toBe(before + 1);
    });

    it('answers a retry with the same Idempotency-Key with the first answer, booking nothing', async () => {
      const body = bookingBody(at('2026-05-04T11:00:00+03:00'));
      const first = await t.http
        .post('/api/v1/reception/bookings')
        .set('X-API-Key', web.key)
        .set('Idempotency-Key', 'booking-retry-1')
        .send(body)
        .expect(201);
      const count = await bookingCount();
      const again = await t.http
        .post('/api/v1/reception/bookings')
        .set('X-API-Key', web.key)
        .set('Idempotency-Key', 'booking-retry-1')
        .send(body)
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const other = await t.http
        .post('/api/v1/reception/bookings')
        .set('X-API-Key', web.key)
        .set('Idempotency-Key', 'booking-retry-1')
        .send({ ...body, question: 'Другой вопрос' })
        .expect(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await bookingCount()).toBe(count);
      expect(await noticesOf(first.body.id)).toHaveLength(1);
    });

    it('takes multipart with files, kept with the booking', async () => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200)]);
      const res = await t.http
        .post('/api/v1/reception/bookings')
        .set('X-API-Key', web.key)
        .field('booking', JSON.stringify(bookingBody(at('2026-05-04T11:30:00+03:00'))))
        .attach('files', pdf, { filename: 'договор.pdf', contentType: 'application/pdf' })
        .expect(201);
      expect(res.body.attachmentIds).toHaveLength(1);
      const [row] = await t.db.query<
        { status: string; reception_booking_id: string; appeal_id: null }[]
      >('SELECT status, reception_booking_id, appeal_id FROM attachments WHERE id = $1', [
        res.body.attachmentIds[0],
      ]);
      expect(row).toEqual({ status: 'stored', reception_booking_id: res.body.id, appeal_id: null });
    });

    describe('bad input: 409/422 with a stable code, nothing stored', () => {
      const refused = (
        res: { status: number; body: { code: string } },
        status: number,
        code: string,
      ): void => {
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      };

      it('refuses a booking without a way to reach the applicant', async () => {
        const before = await bookingCount();
        const res = await book(at('2026-05-08T15:00:00+03:00'), {
          applicant: { type: 'individual', lastName: 'Иванов', firstName: 'Пётр' },
        });
        refused(res, 422, 'VALIDATION_FAILED');
        expect(res.body.errors).toEqual([
          expect.objectContaining({ field: 'applicant', code: 'CONTACT_REQUIRED' }),
        ]);
        expect(await bookingCount()).toBe(before);
      });

      it('refuses a slot in the past, not in the schedule, or on a day off', async () => {
        const before = await bookingCount();
        refused(await book(at('2026-05-04T08:00:00+03:00')), 422, 'SLOT_IN_PAST');
        refused(await book(at('2026-05-08T15:10:00+03:00')), 404, 'SLOT_NOT_FOUND');
        refused(await book(at('2026-05-11T10:00:00+03:00')), 404, 'SLOT_NOT_FOUND');
        refused(await book('not-a-slot'), 404, 'SLOT_NOT_FOUND');
        expect(await bookingCount()).toBe(before);
      });

      it('refuses a slot of another audience or another topic', async () => {
        const slot = at('2026-05-05T10:00:00+03:00', orgScheduleId);
        refused(await book(slot), 422, 'SLOT_AUDIENCE_MISMATCH');
        const org = person({
          type: 'legal_entity',
          lastName: null,
          firstName: null,
          organizationName: 'ООО «Ромашка»',
          inn: '7707083893',
          ogrn: '1027700132195',
          contactPerson: 'Сидоров С. С.',
        });
        refused(
          await book(slot, { applicant: org, topicCode: 'meters' }),
          422,
          'SLOT_TOPIC_MISMATCH',
        );
        const ok = await book(slot, { applicant: org }).expect(201);
        expect(ok.body.applicant).toMatchObject({
          organizationName: 'ООО «Ромашка»',
          ogrn: '1027700132195',
        });
      });

      it('limits the active bookings of one applicant (RECEPTION_MAX_ACTIVE_BOOKINGS)', async () => {
        const same = { applicant: person({ email: null, phone: '+7 912 000-00-01' }) };
        await book(at('2026-05-08T15:00:00+03:00'), same).expect(201);
        await book(at('2026-05-08T15:30:00+03:00'), {
          applicant: person({ phone: '8 (912) 000-00-01' }),
        }).expect(201);
        const res = await book(at('2026-05-08T16:00:00+03:00'), same);
        refused(res, 422, 'BOOKING_LIMIT_EXCEEDED');
      });
    });
  });

  describe('reading and cancelling', () => {
    let bookingId: string;

    beforeAll(async () => {
      bookingId = (await book(at('2026-05-15T15:00:00+03:00')).expect(201)).body.id;
    });

    it('shows a key only its own bookings; staff see them', async () => {
      await t.http
        .get(`/api/v1/reception/bookings/${bookingId}`)
        .set('X-API-Key', web.key)
        .expect(200);
      const res = await t.http
        .get(`/api/v1/reception/bookings/${bookingId}`)
        .set('X-API-Key', otherWeb.key)
        .expect(404);
      expect(res.body.code).toBe('BOOKING_NOT_FOUND');
      await t.http
        .post(`/api/v1/reception/bookings/${bookingId}/cancel`)
        .set('X-API-Key', otherWeb.key)
        .send({})
        .expect(404);
      await t.http
        .get(`/api/v1/reception/bookings/${bookingId}`)
        .set(bearer(clerk.token))
        .expect(200);
    });

    it('cancels at the client’s request: the slot is free again, the applicant told', async () => {
      const res = await t.http
        .post(`/api/v1/reception/bookings/${bookingId}/cancel`)
        .set('X-API-Key', web.key)
        .send({ reason: 'Вопрос решён' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Вопрос решён' });
      expect((await noticesOf(bookingId)).map((n) => n.kind)).toEqual([
        'reception_booked',
        'reception_cancelled',
      ]);
      const slots = await slotsOn('2026-05-15', '2026-05-15');
      expect(slots.find((s) => s.startsAt === '2026-05-15T12:00:00.000Z')?.free).toBe(true);
      const again = await t.http
        .post(`/api/v1/reception/bookings/${bookingId}/cancel`)
        .set('X-API-Key', web.key)
        .send({})
        .expect(409);
      expect(again.body.code).toBe('BOOKING_NOT_ACTIVE');
    });

    it('an exception removes its days’ slots and cancels their bookings with a notice', async () => {
      const booked = (await book(at('2026-05-22T15:00:00+03:00')).expect(201)).body.id;
      const res = await t.http
        .post(`/api/v1/reception/schedules/${scheduleId}/exceptions`)
        .set(bearer(t.adminToken))
        .send({ from: '2026-05-22', to: '2026-05-22', reason: 'Командировка' })
        .expect(201);
      expect(res.body.cancelledBookings).toBe(1);
      expect(await slotsOn('2026-05-22', '2026-05-22')).toEqual([]);
      const notices = await noticesOf(booked);
      expect(notices.map((n) => n.kind)).toEqual(['reception_booked', 'reception_cancelled']);
      expect(notices[1].body).toContain('Командировка');
      const row = (
        await t.http.get(`/api/v1/reception/bookings/${booked}`).set(bearer(clerk.token))
      ).body;
      expect(row.status).toBe('cancelled');
    });
  });

  describe('reminder and card (the clock moves)', () => {
    let friday: string[];

    beforeAll(async () => {
      // A clerk books by phone for someone with an e-mail (the Friday 16:00 and 16:30 slots).
      friday = [];
      for (const time of ['16:00', '16:30']) {
        const res = await t.http
          .post('/api/v1/reception/bookings')
          .set(bearer(clerk.token))
          .send(
            bookingBody(at(`2026-05-08T${time}:00+03:00`), {
              applicant: person({ postalAddress: 'г. Пермь, ул. Мира, 5' }),
            }),
          )
          .expect(201);
        friday.push(res.body.id);
      }
    });

    const runReminders = () =>
      t.http.post('/api/v1/jobs/reception-reminders/run').set(bearer(t.adminToken)).expect(200);

    it('reminds one working day before, exactly once', async () => {
      await runReminders();
      expect((await noticesOf(friday[0])).map((n) => n.kind)).toEqual(['reception_booked']);
      t.clock.set('2026-05-07T09:00:00+03:00');
      await runReminders();
      await runReminders();
      expect((await noticesOf(friday[0])).map((n) => n.kind)).toEqual([
        'reception_booked',
        'reception_reminder',
      ]);
      expect(
        (await noticesOf(friday[1])).filter((n) => n.kind === 'reception_reminder'),
      ).toHaveLength(1);
    });

    it('refuses a card before the reception has begun', async () => {
      const res = await t.http
        .post(`/api/v1/reception/bookings/${friday[0]}/card`)
        .set(bearer(director.token))
        .send({ outcome: 'no_show', summary: 'Не пришёл' })
        .expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ code: 'BEFORE_RECEPTION' })]);
    });

    it('records an oral answer and a no-show, closing the booking without an appeal', async () => {
      t.clock.set('2026-05-08T17:00:00+03:00');
      const oral = await t.http
        .post(`/api/v1/reception/bookings/${friday[0]}/card`)
        .set(bearer(director.token))
        .send({
          outcome: 'answered_orally',
          summary: 'Разъяснён порядок начисления; согласен на устный ответ',
        })
        .expect(200);
      expect(oral.body).toMatchObject({
        status: 'completed',
        outcome: 'answered_orally',
        appealId: null,
      });
      const ids = await t.db.query<{ id: string }[]>(
        `SELECT id FROM reception_bookings WHERE starts_at = '2026-05-08T15:00:00+03:00' AND status = 'booked'`,
      );
      const noShow = await t.http
        .post(`/api/v1/reception/bookings/${ids[0].id}/card`)
        .set(bearer(clerk.token))
        .send({ outcome: 'no_show', summary: 'Заявитель не явился' })
        .expect(200);
      expect(noShow.body).toMatchObject({ outcome: 'no_show', appealId: null });
      const twice = await t.http
        .post(`/api/v1/reception/bookings/${ids[0].id}/card`)
        .set(bearer(clerk.token))
        .send({ outcome: 'answered_orally', summary: 'x' })
        .expect(409);
      expect(twice.body.code).toBe('BOOKING_NOT_ACTIVE');
    });

    it('registers an appeal from a written-answer card, linked both ways, the card in its history', async () => {
      const res = await t.http
        .post(`/api/v1/reception/bookings/${friday[1]}/card`)
        .set(bearer(director.token))
        .send({
          outcome: 'written_answer',
          summary: 'Просит перерасчёт за март: счётчик заменён 02.03',
        })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'completed', outcome: 'written_answer' });
      const appealId = res.body.appealId as string;
      const appeal = (
        await t.http.get(`/api/v1/appeals/${appealId}`).set(bearer(t.adminToken)).expect(200)
      ).body;
      expect(appeal).toMatchObject({
        regNumber: expect.stringMatching(/^2026-\d{6}$/),
        dueDate: expect.stringMatching(/^2026-06-\d{2}$/),
        channel: 'reception',
        topicCode: 'billing',
        externalRefs: { receptionBookingId: friday[1] },
      });
      expect(appeal.text).toContain('Просит перерасчёт за март');
      const events = await t.db.query<{ type: string; data: { bookingId?: string } }[]>(
        `SELECT type, data FROM appeal_events WHERE appeal_id = $1 ORDER BY id`,
        [appealId],
      );
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['registered', 'reception_card']),
      );
      expect(events.find((e) => e.type === 'reception_card')?.data.bookingId).toBe(friday[1]);
      const booking = (
        await t.http.get(`/api/v1/reception/bookings/${friday[1]}`).set(bearer(clerk.token))
      ).body;
      expect(booking.appealId).toBe(appealId);
    });

    it('lists the reception journal with outcomes and no-shows as JSON and CSV', async () => {
      const json = await t.http
        .get('/api/v1/reports/reception')
        .query({ from: '2026-05-01', to: '2026-05-31', officialId: director.id })
        .set(bearer(t.adminToken))
        .expect(200);
      const total = json.body.totals[0];
      expect(total).toMatchObject({
        officialId: director.id,
        answeredOrally: 1,
        writtenAnswer: 1,
        noShow: 1,
      });
      expect(
        json.body.items.find((r: { outcome: string }) => r.outcome === 'written_answer')
          .appealRegNumber,
      ).toMatch(/^2026-/);
      const csv = await t.http
        .get('/api/v1/reports/reception')
        .query({ from: '2026-05-01', to: '2026-05-31', format: 'csv' })
        .set(bearer(t.adminToken))
        .buffer(true)
        .expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.startsWith('\uFEFFНомер записи;')).toBe(true);
      expect(csv.text).toContain('Неявка');
      await t.http
        .get('/api/v1/reports/reception')
        .query({ from: '2026-05-01', to: '2026-05-31', format: 'xlsx' })
        .set(bearer(t.adminToken))
        .expect(200)
        .expect('Content-Type', /spreadsheetml/);
    });
  });
});
