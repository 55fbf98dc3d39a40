import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory';
import { MessengerProviders } from '../src/integrations/messenger/messenger-providers';
import { MaxBotStandIn, type MaxUpdate } from './support/max-bot-standin';
import { startTestApp, type TestApp } from './support/test-app';

const SECRET = 'max-hook-secret';
// Different questions, so the duplicate rule keeps the dialogues apart.
const TEXTS = [
  'В квартире холодные батареи с понедельника',
  'Прошу сделать перерасчёт за воду за март',
  'Не работает лифт во втором подъезде',
  'Счёт за электричество выставлен дважды',
  'Во дворе не вывозят мусор третью неделю',
  'Протекает крыша над пятым этажом',
  'Прошу заменить счётчик газа',
  'Нет горячей воды после ремонта трубы',
];

/** Listens on 127.0.0.1 so the stand-in can post webhooks to it as MAX would. */
async function listen(app: INestApplication): Promise<string> {
  const server = app.getHttpServer() as Server;
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/intake/messenger/max`;
}

/**
 * Issue 24: the messenger channel through MAX, against the stand-in Bot API on 127.0.0.1. The
 * app subscribes its webhook through the provider; the stand-in then posts updates to it with
 * `X-Max-Bot-Api-Secret`, as MAX does. A dialogue with a photo registers; each update counts
 * once; the answer comes back into the chat once even when the first send fails.
 */
describe('messenger: MAX', () => {
  let t: TestApp;
  let standIn: MaxBotStandIn;
  let webhookUrl: string;
  let officer: { id: string; token: string };
  const jpg = readFileSync(path.join(__dirname, 'fixtures', 'attachments', 'sample.jpg'));

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const say = (chatId: number, text: string) =>
    standIn.messageCreated({ chatId, userId: chatId + 90000, text });
  const press = (chatId: number, payload: string) =>
    standIn.callback({ chatId, userId: chatId + 90000, payload });
  const photo = (chatId: number) =>
    standIn.messageCreated({
      chatId,
      userId: chatId + 90000,
      attachments: [standIn.imageAttachment(standIn.putFile(jpg, 'IMG.jpg', 'image/jpeg'))],
    });
  const deliver = async (update: MaxUpdate, url = webhookUrl) => {
    const res = await standIn.deliver(update, { url });
    expect(res.status).toBe(200);
    return JSON.parse(res.body) as { processed: number; repeated: number };
  };
  const lastText = (chatId: number) => standIn.messagesTo(String(chatId)).at(-1)?.text ?? '';
  const runNotices = () =>
    t.http.post('/api/v1/jobs/messenger-notices/run').set(bearer(t.adminToken)).expect(200);

  /** A whole dialogue; returns the registered appeal's id and number. */
  async function completeDialogue(chatId: number, urls: readonly string[] = [webhookUrl]) {
    const steps = [
      standIn.botStarted({ chatId, userId: chatId + 90000 }),
      press(chatId, 'topic:msgr_topic'),
      say(chatId, 'Иванова Мария Петровна'),
      say(chatId, `100200${chatId}`),
      say(chatId, `г. Казань, ул. Баумана, д. 1, кв. ${chatId}`),
      say(chatId, TEXTS[chatId % TEXTS.length]),
      photo(chatId),
      press(chatId, 'done'),
      press(chatId, 'submit'),
    ];
    for (const [i, u] of steps.entries()) await deliver(u, urls[i % urls.length]);
    const [appeal] = await t.db.query<{ id: string; reg_number: string }[]>(
      `SELECT id, reg_number FROM appeals WHERE external_refs ->> 'chatId' = $1`,
      [String(chatId)],
    );
    return { submit: steps[steps.length - 1], appeal };
  }

  beforeAll(async () => {
    standIn = new MaxBotStandIn('max-bot-token');
    await standIn.start();
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      env: {
        MAX_BOT_TOKEN: standIn.token,
        MAX_WEBHOOK_SECRET: SECRET,
        MAX_API_URL: standIn.url,
      },
    });
    webhookUrl = await listen(t.app);
    await t.app.get(MessengerProviders).get('max')!.setWebhook(webhookUrl);
    const dept = await t.http
      .post('/api/v1/departments')
      .set(bearer(t.adminToken))
      .send({ code: 'msgr', name: 'Отдел мессенджера' })
      .expect(201);
    const departmentId = (dept.body as { id: string }).id;
    await t.http
      .post('/api/v1/topics')
      .set(bearer(t.adminToken))
      .send({ code: 'msgr_topic', name: 'Отопление', departmentId })
      .expect(201);
    officer = await t.createStaff(['officer'], { departmentId });
  });
  afterAll(async () => {
    await t?.close();
    await standIn?.stop();
  });

  it('subscribed its webhook with the secret', () => {
    expect(standIn.subscriptions).toEqual([
      expect.objectContaining({ url: webhookUrl, secret: SECRET }),
    ]);
  });

  it('registers a complete dialogue with a photo and replies with the number and due date', async () => {
    const { appeal } = await completeDialogue(701);
    expect(appeal.reg_number).toMatch(/^2026-\d{6}$/);
    expect(lastText(701)).toContain(`номер ${appeal.reg_number}`);
    expect(lastText(701)).toMatch(/не позднее \d{2}\.\d{2}\.2026/);
    const res = await t.http
      .get(`/api/v1/appeals/${appeal.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    const body = res.body as {
      channel: string;
      replyChannel: string;
      applicant: { lastName: string };
      topicCode: string;
      attachments: { contentType: string }[];
      externalRefs: Record<string, string>;
    };
    expect(body).toMatchObject({
      channel: 'messenger',
      replyChannel: 'messenger',
      applicant: { lastName: 'Иванова' },
      topicCode: 'msgr_topic',
      externalRefs: { provider: 'max', chatId: '701' },
    });
    expect(body.attachments.map((a) => a.contentType)).toEqual(['image/jpeg']);
    // The photo came from its MAX URL, without the bot token.
    expect(standIn.downloads.length).toBeGreaterThan(0);
    expect(standIn.downloads.every((d) => d.authorization === undefined)).toBe(true);
    // The topics were offered as callback buttons, and button presses were answered.
    expect(
      standIn
        .messagesTo('701')
        .some((m) => m.buttons.flat().some((b) => b.payload === 'topic:msgr_topic')),
    ).toBe(true);
    expect(standIn.answers.length).toBeGreaterThan(0);
  });

  it('handles a repeated update once', async () => {
    const { submit, appeal } = await completeDialogue(702);
    const sentBefore = standIn.messagesTo('702').length;

    // MAX redelivers when it did not see our 200: the same update again.
    expect(await deliver(submit)).toEqual({ processed: 0, repeated: 1 });

    const rows = await t.db.query<unknown[]>(
      `SELECT 1 FROM appeals WHERE external_refs ->> 'chatId' = '702'`,
    );
    expect(rows).toHaveLength(1);
    expect(standIn.messagesTo('702')).toHaveLength(sentBefore);
    expect(appeal).toBeDefined();
  });

  it('refuses a wrong or missing secret with 401 and changes nothing', async () => {
    const wrong = await standIn.deliver(standIn.botStarted({ chatId: 799, userId: 1 }), {
      url: webhookUrl,
      secret: 'wrong-secret',
    });
    const missing = await standIn.deliver(say(799, 'Здравствуйте'), {
      url: webhookUrl,
      secret: null,
    });

    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    const rows = await t.db.query<unknown[]>(
      `SELECT 1 FROM messenger_dialogues WHERE chat_id = '799'
       UNION ALL SELECT 1 FROM messenger_updates WHERE chat_id = '799'`,
    );
    expect(rows).toEqual([]);
    expect(standIn.messagesTo('799')).toEqual([]);
  });

  it('delivers the officer’s answer into the chat once, even when the first send fails', async () => {
    const { appeal } = await completeDialogue(703);
    await runNotices(); // the acknowledgement
    await t.http
      .post(`/api/v1/appeals/${appeal.id}/answer`)
      .set(bearer(officer.token))
      .send({ text: 'Отопление восстановлено, перерасчёт выполнен.', outcome: 'supported' })
      .expect(200);
    standIn.failNextSend({ status: 500, code: 'internal' });
    await runNotices(); // fails, stays pending
    t.clock.advance(60 * 60_000);
    await runNotices(); // delivered
    t.clock.advance(60 * 60_000);
    await runNotices(); // nothing left

    const answers = standIn
      .messagesTo('703')
      .filter((m) => m.text?.includes('Отопление восстановлено, перерасчёт выполнен.'));
    expect(answers).toHaveLength(1);
    const [n] = await t.db.query<{ status: string; attempts: number }[]>(
      `SELECT status, attempts FROM notifications WHERE appeal_id = $1 AND kind = 'answer'`,
      [appeal.id],
    );
    expect(n).toEqual({ status: 'sent', attempts: 2 });
  });

  it('falls back to the applicant’s e-mail when MAX says the chat is denied', async () => {
    const { appeal } = await completeDialogue(704);
    await t.db.query(`UPDATE appeals SET applicant_email = 'maria@example.ru' WHERE id = $1`, [
      appeal.id,
    ]);
    standIn.failNextSend({ status: 403, code: 'chat.denied' });
    await runNotices();
    const notices = await t.db.query<{ channel: string; status: string; recipient: string }[]>(
      `SELECT channel, status, recipient FROM notifications WHERE appeal_id = $1 AND kind = 'acknowledgement' ORDER BY created_at`,
      [appeal.id],
    );
    expect(notices).toEqual([
      { channel: 'messenger', status: 'failed', recipient: 'max:704' },
      { channel: 'email', status: 'pending', recipient: 'maria@example.ru' },
    ]);
  });

  it('answers a status query only in the chat the appeal came from', async () => {
    const { appeal } = await completeDialogue(705);
    await deliver(say(705, `Статус ${appeal.reg_number}`));
    expect(lastText(705)).toContain(`Обращение ${appeal.reg_number}: `);
    expect(lastText(705)).not.toContain('не найдено');
    await deliver(say(706, `Статус ${appeal.reg_number}`));
    expect(lastText(706)).toContain('не найдено');
  });

  it('lets two API instances share one dialogue', async () => {
    const second: INestApplication = (await createApp(t.config, { clock: t.clock })).app;
    try {
      const secondUrl = await listen(second);
      const { appeal } = await completeDialogue(707, [webhookUrl, secondUrl]);
      expect(appeal.reg_number).toMatch(/^2026-/);
      expect(lastText(707)).toContain(appeal.reg_number);
    } finally {
      await second.close();
    }
  });
});

/**
 * MESSENGER_MODE=polling (no public URL): the `messenger-poll` job reads MAX's `GET /updates`
 * from the stored marker, handles the batch like the webhook, and moves the marker after it.
 */
describe('messenger: MAX by long polling', () => {
  let t: TestApp;
  let standIn: MaxBotStandIn;
  const poll = () =>
    t.http
      .post('/api/v1/jobs/messenger-poll/run')
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .expect(200);
  const marker = async () =>
    (
      await t.db.query<{ cursor: string | null }[]>(
        `SELECT cursor FROM messenger_poll_cursors WHERE provider = 'max'`,
      )
    )[0]?.cursor;

  beforeAll(async () => {
    standIn = new MaxBotStandIn('max-poll-token');
    await standIn.start();
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      env: { MESSENGER_MODE: 'polling', MAX_BOT_TOKEN: standIn.token, MAX_API_URL: standIn.url },
    });
  });
  afterAll(async () => {
    await t?.close();
    await standIn?.stop();
  });

  it('takes queued updates once and keeps the marker between runs', async () => {
    standIn.enqueue(standIn.botStarted({ chatId: 801, userId: 9801 }));
    standIn.enqueue(standIn.botStarted({ chatId: 802, userId: 9802 }));

    await poll();

    expect(await marker()).toBe('2');
    const greeted = standIn.messagesTo('801').length;
    expect(greeted).toBeGreaterThan(0);
    expect(standIn.messagesTo('802')).toHaveLength(greeted);

    await poll(); // nothing new

    expect(await marker()).toBe('2');
    expect(standIn.messagesTo('801')).toHaveLength(greeted);
    const markers = standIn.requests
      .filter((r) => r.path === '/updates')
      .map((r) => r.query.marker);
    expect(markers).toEqual([undefined, '2']);
  });
});
