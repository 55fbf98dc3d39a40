import { randomUUID } from 'node:crypto';
import { RepairLetterPlaceholders1796400000000 } from '../migrations/1796400000000-RepairLetterPlaceholders';
import { CHANNELS, type Channel } from '../src/appeals/appeal.enums';
import { CHANNEL_DESCRIPTORS } from '../src/channels/channel.registry';
import { OUR_MAILBOX, rawEmail } from './fixtures/email/email-fixtures';
import { appealBody } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The registration writes some values before they are known in JavaScript (the number, the
 * officer chosen under the locks) as tokens that the final statement replaces (issue 17 item 1:
 * every postal acknowledgement letter was stored with `regnum-<uuid>` instead of its number).
 * This walks every text and JSON column of every table after registrations on every channel.
 */
const TOKEN = /(regnum|status|assigneeId|version)-[0-9a-f]{8}-[0-9a-f]{4}-/;

describe('no placeholder is ever stored', () => {
  let t: TestApp;
  let clerk: string;
  let keys: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      // Rejected at once: the rejection notice is written by the registration too.
      env: { EMAIL_MAILBOX: OUR_MAILBOX, RULE_ABUSIVE: 'reject' },
    });
    clerk = (await t.createStaff(['clerk'])).token;
    const technical = await t.departmentId('technical');
    const billing = await t.departmentId('billing');
    // Officers to route to: an assigned appeal carries status/assignee tokens in its idempotent response.
    await t.createStaff(['officer'], { departmentId: technical });
    await t.createStaff(['officer'], { departmentId: billing });
    keys = {};
    // Integration clients' channels; the others (post, office, reception, phone) by a clerk.
    for (const c of CHANNELS.filter(
      (ch) => !(CHANNEL_DESCRIPTORS[ch].staffRoles as readonly string[]).includes('clerk'),
    ).concat(['email']))
      keys[c] = (await t.createApiKey([c])).key;
  });
  afterAll(() => t.close());

  const post = (channel: Channel, body: Record<string, unknown>, key: string = randomUUID()) => {
    const req = t.http.post('/api/v1/appeals').set('Idempotency-Key', key);
    // Channels without an integration key here are registered by a clerk (post, office, reception).
    return keys[channel]
      ? req.set('X-API-Key', keys[channel]).send(body)
      : req.auth(clerk, { type: 'bearer' }).send(body);
  };

  /** Every (table, column, value) whose text holds a token. */
  async function placeholders(): Promise<string[]> {
    const columns: { table_name: string; column_name: string }[] = await t.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')`,
    );
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const rows: { v: string }[] = await t.db.query(
        `SELECT "${column_name}"::text AS v FROM "${table_name}" WHERE "${column_name}"::text ~ $1`,
        [TOKEN.source],
      );
      for (const r of rows) found.push(`${table_name}.${column_name}: ${r.v.slice(0, 120)}`);
    }
    return found;
  }

  it('registers on every channel, with every outcome, and stores real numbers only', async () => {
    const numbers: string[] = [];
    const statuses = new Set<string>();
    for (const channel of CHANNELS) {
      for (const topicCode of ['meters', 'billing']) {
        // A fresh applicant: acknowledged, routed and assigned.
        const body = appealBody(channel, { topicCode });
        const key = randomUUID();
        const first = await post(channel, body, key).expect(201);
        numbers.push(first.body.regNumber);
        statuses.add(first.body.status);
        // Its replay is the stored response, the number and the routing put in by PostgreSQL.
        const replay = await post(channel, body, key).expect(201);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.text).toBe(first.text);
        // The same applicant again about the same: a duplicate joined to the first.
        const dup = await post(channel, body).expect(201);
        numbers.push(dup.body.regNumber);
        statuses.add(dup.body.status);
      }
      // Rejected as abusive: a rejection notice.
      const abusive = await post(
        channel,
        appealBody(channel, { text: 'Вы все там идиоты и ворюги, ничего не делаете уже год!' }),
      ).expect(201);
      numbers.push(abusive.body.regNumber);
      statuses.add(abusive.body.status);
      // Answered by post whatever the channel: a numbered letter to print.
      const byPost = await post(
        channel,
        appealBody(channel, {
          replyChannel: 'post',
          applicant: {
            type: 'individual',
            lastName: 'Сидоров',
            firstName: 'Иван',
            email: `sidorov.${channel}@example.ru`,
            postalAddress: `190000, г. Санкт-Петербург, ул. Садовая, д. 5, кв. ${numbers.length}`,
          },
        }),
      ).expect(201);
      numbers.push(byPost.body.regNumber);
    }
    // The e-mail gateway's own path.
    const mail = await t.http
      .post('/api/v1/intake/email')
      .set('X-API-Key', keys.email)
      .set('Content-Type', 'message/rfc822')
      .send(
        rawEmail([
          `Message-ID: <${randomUUID()}@example.com>`,
          'Subject: Protechka',
          'From: Anna Petrova <anna@example.com>',
        ]),
      )
      .expect(202);
    numbers.push(mail.body.regNumber);

    expect(numbers.every((n) => /^2026-/.test(n))).toBe(true);
    expect([...statuses].sort()).toEqual(['assigned', 'duplicate', 'rejected']);
    expect(await placeholders()).toEqual([]);

    // Every postal notice's letter carries its appeal's number, in its subject and its body.
    const letters: { number: string; subject: string; body: string; kind: string }[] =
      await t.db.query(
        `SELECT a.reg_number AS number, l.subject, l.body, n.kind FROM outgoing_letters l
           JOIN appeals a ON a.id = l.appeal_id JOIN notifications n ON n.id = l.notification_id`,
      );
    expect(letters.length).toBeGreaterThanOrEqual(CHANNELS.length);
    expect(new Set(letters.map((l) => l.kind))).toContain('acknowledgement');
    for (const l of letters) {
      expect(l.subject).toContain(l.number);
      expect(l.body).toContain(l.number);
    }
    const listed = await t.http
      .get('/api/v1/outgoing-letters?printed=false')
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    for (const item of listed.body.items as { subject: string }[])
      expect(item.subject).toMatch(/№ 2026-/);
  });

  it('repairs letters stored with the placeholder before the fix (migration)', async () => {
    const a = await post('post', appealBody('post')).expect(201);
    const token = `regnum-${randomUUID()}`;
    await t.db.query(
      `UPDATE outgoing_letters SET subject = replace(subject, $2, $3), body = replace(body, $2, $3)
        WHERE appeal_id = $1`,
      [a.body.id, a.body.regNumber, token],
    );
    const runner = t.db.createQueryRunner();
    try {
      await new RepairLetterPlaceholders1796400000000().up(runner);
    } finally {
      await runner.release();
    }
    const [letter]: { subject: string; body: string }[] = await t.db.query(
      'SELECT subject, body FROM outgoing_letters WHERE appeal_id = $1',
      [a.body.id],
    );
    expect(letter.subject).toBe(`Обращение № ${a.body.regNumber} зарегистрировано`);
    expect(letter.body).toContain(`Ваше обращение № ${a.body.regNumber} от 10.04.2026`);
    expect(letter.body).not.toContain('regnum-');
  });
});
