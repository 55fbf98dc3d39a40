import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

interface Letter {
  id: string;
  appealId: string;
  address: string;
  body: string;
  printedAt: string | null;
}

/**
 * Outgoing letters carry applicants' addresses and answer texts: staff see only the letters of
 * appeals they may see (SPEC §1), like the appeals themselves (issue 17).
 */
describe('outgoing letters: who sees them', () => {
  let t: TestApp;
  let registrar: string;
  let billingClerk: string;
  let technicalClerk: string;
  let billingHead: string;
  let supervisor: string;
  let billingAppeal: string;
  let technicalAppeal: string;

  beforeAll(async () => {
    t = await startTestApp();
    const billing = await t.departmentId('billing');
    const technical = await t.departmentId('technical');
    registrar = (await t.createStaff(['clerk'])).token;
    billingClerk = (await t.createStaff(['clerk'], { departmentId: billing })).token;
    technicalClerk = (await t.createStaff(['clerk'], { departmentId: technical })).token;
    billingHead = (await t.createStaff(['head'], { departmentId: billing })).token;
    supervisor = (await t.createStaff(['supervisor'])).token;
    // Paper appeals: each gets an acknowledgement letter to print (SPEC §7).
    const register = async (topicCode: string) =>
      (
        await t.http
          .post('/api/v1/appeals')
          .auth(registrar, { type: 'bearer' })
          .send(appealBody('post', { topicCode }))
          .expect(201)
      ).body as { id: string; departmentId: string };
    const b = await register('billing');
    const m = await register('meters');
    expect([b.departmentId, m.departmentId]).toEqual([billing, technical]);
    billingAppeal = b.id;
    technicalAppeal = m.id;
  });
  afterAll(() => t?.close());

  const list = async (token: string): Promise<Letter[]> =>
    (
      await t.http
        .get('/api/v1/outgoing-letters?limit=100')
        .auth(token, { type: 'bearer' })
        .expect(200)
    ).body.items as Letter[];
  const appealsOf = (letters: Letter[]) => [...new Set(letters.map((l) => l.appealId))].sort();
  const letterOf = async (appealId: string): Promise<string> => {
    const rows: { id: string }[] = await t.db.query(
      'SELECT id FROM outgoing_letters WHERE appeal_id = $1',
      [appealId],
    );
    expect(rows).toHaveLength(1);
    return rows[0].id;
  };
  const markPrinted = (id: string, token: string) =>
    t.http.post(`/api/v1/outgoing-letters/${id}/printed`).auth(token, { type: 'bearer' });

  it("lists to a clerk only the letters of their department's appeals", async () => {
    expect(appealsOf(await list(billingClerk))).toEqual([billingAppeal]);
    expect(appealsOf(await list(technicalClerk))).toEqual([technicalAppeal]);
    expect(appealsOf(await list(billingHead))).toEqual([billingAppeal]);
  });

  it('lists to the clerk who registered the appeals their letters, whatever the department', async () => {
    expect(appealsOf(await list(registrar))).toEqual([billingAppeal, technicalAppeal].sort());
  });

  it('lists every letter to supervisors and admins', async () => {
    const all = [billingAppeal, technicalAppeal].sort();
    expect(appealsOf(await list(supervisor))).toEqual(all);
    expect(appealsOf(await list(t.adminToken))).toEqual(all);
  });

  it('pages the queue without repeating a letter (created_at has microseconds)', async () => {
    const all = [billingAppeal, technicalAppeal].sort();
    const first = await t.http
      .get('/api/v1/outgoing-letters?limit=1')
      .auth(supervisor, { type: 'bearer' })
      .expect(200);
    const second = await t.http
      .get(`/api/v1/outgoing-letters?limit=1&cursor=${first.body.nextCursor}`)
      .auth(supervisor, { type: 'bearer' })
      .expect(200);
    expect(appealsOf([...first.body.items, ...second.body.items])).toEqual(all);
    expect(second.body.nextCursor).toBeNull();
  });

  it("refuses to mark another department's letter printed with the 404 of a missing one", async () => {
    const id = await letterOf(technicalAppeal);
    const refused = await markPrinted(id, billingClerk).expect(404);
    const missing = await markPrinted('00000000-0000-4000-8000-000000000000', billingClerk).expect(
      404,
    );
    expect(refused.body).toMatchObject({ code: missing.body.code, title: missing.body.title });
    expect(refused.body.detail).toBe(missing.body.detail);
    const [row] = await t.db.query('SELECT printed_at FROM outgoing_letters WHERE id = $1', [id]);
    expect(row.printed_at).toBeNull();

    const printed = await markPrinted(id, technicalClerk).expect(200);
    expect(printed.body.printedAt).toEqual(expect.any(String));
    const [notice] = await t.db.query(
      'SELECT n.status FROM notifications n JOIN outgoing_letters l ON l.notification_id = n.id WHERE l.id = $1',
      [id],
    );
    expect(notice.status).toBe('sent');
  });

  it('lets a supervisor mark any letter printed', async () => {
    await markPrinted(await letterOf(billingAppeal), supervisor).expect(200);
  });
});
