import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { startTestApp, type TestApp } from './support/test-app';
import { TelegramBotStandin } from './support/telegram-bot-standin';

const SECRET = 'tg-hook-secret';
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

/**
 * Issue 24: the messenger channel through Telegram, against the stand-in Bot API on 127.0.0.1.
 * A dialogue collects the mandatory fields and a photo and registers; each update counts once;
 * notices come back into the chat through the outbox; a blocked bot falls back to e-mail.
 */
describe('messenger: Telegram', () => {
  let t: TestApp;
  let standin: TelegramBotStandin;
  let officer: { id: string; token: string };
  let updateId = 1000;
  const jpg = readFileSync(path.join(__dirname, 'fixtures', 'attachments', 'sample.jpg'));

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const hook = (update: object, http = t.http, secret = SECRET) =>
    http
      .post('/api/v1/intake/messenger/telegram')
      .set('X-Telegram-Bot-Api-Secret-Token', secret)
      .send(update);
  const message = (chatId: number, fields: object) => ({
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: 1775800800,
      chat: { id: chatId },
      from: { id: chatId },
      ...fields,
    },
  });
  const say = (chatId: number, text: string) => message(chatId, { text });
  const press = (chatId: number, data: string) => ({
    update_id: ++updateId,
    callback_query: {
      id: `cb-${updateId}`,
      from: { id: chatId },
      data,
      message: { message_id: 1, chat: { id: chatId } },
    },
  });
  const lastText = (chatId: number) => standin.messagesTo(String(chatId)).at(-1)?.text ?? '';
  const runNotices = () =>
    t.http.post('/api/v1/jobs/messenger-notices/run').set(bearer(t.adminToken)).expect(200);

  /** A whole dialogue; returns the registered appeal's id and number. */
  async function completeDialogue(chatId: number, http = t.http, other = t.http) {
    const steps = [
      say(chatId, '/start'),
      press(chatId, 'topic:msgr_topic'),
      say(chatId, 'Иванова Мария Петровна'),
      say(chatId, `100200${chatId}`),
      say(chatId, `г. Казань, ул. Баумана, д. 1, кв. ${chatId}`),
      say(chatId, TEXTS[chatId % TEXTS.length]),
      message(chatId, {
        photo: [
          { file_id: `PHOTO-${chatId}`, file_unique_id: `u${chatId}`, file_size: jpg.length },
        ],
      }),
      press(chatId, 'done'),
      press(chatId, 'submit'),
    ];
    for (const [i, u] of steps.entries()) {
      await hook(u, i % 2 === 0 ? http : other).expect(200);
    }
    const [appeal] = await t.db.query<{ id: string; reg_number: string }[]>(
      `SELECT id, reg_number FROM appeals WHERE external_refs ->> 'chatId' = $1`,
      [String(chatId)],
    );
    return { submit: steps[steps.length - 1], appeal };
  }

  beforeAll(async () => {
    standin = await new TelegramBotStandin().start();
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      env: {
        TELEGRAM_BOT_TOKEN: standin.token,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_URL: standin.url,
      },
    });
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
    for (const chat of [501, 502, 503, 504, 505, 508]) standin.addFile(`PHOTO-${chat}`, jpg);
  });
  afterAll(async () => {
    await t.close();
    await standin.stop();
  });

  it('registers a complete dialogue with a photo and replies with the number and due date', async () => {
    const { appeal } = await completeDialogue(501);
    expect(appeal.reg_number).toMatch(/^2026-\d{6}$/);
    expect(lastText(501)).toContain(`номер ${appeal.reg_number}`);
    expect(lastText(501)).toMatch(/не позднее \d{2}\.\d{2}\.2026/);
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
      externalRefs: { provider: 'telegram', chatId: '501' },
    });
    expect(body.attachments.map((a) => a.contentType)).toEqual(['image/jpeg']);
    // The transcript is in the history, for the officer.
    const [event] = await t.db.query<{ data: { transcript: { dir: string; text: string }[] } }[]>(
      `SELECT data FROM appeal_events WHERE appeal_id = $1 AND type = 'messenger_transcript'`,
      [appeal.id],
    );
    expect(event.data.transcript).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dir: 'in', text: TEXTS[501 % TEXTS.length] }),
      ]),
    );
    // The topics were offered as buttons.
    expect(
      standin
        .messagesTo('501')
        .some((m) => m.buttons?.flat().some((b) => b.callback_data === 'topic:msgr_topic')),
    ).toBe(true);
  });

  it('handles a repeated update once', async () => {
    const { submit, appeal } = await completeDialogue(502);
    const sentBefore = standin.messagesTo('502').length;
    const again = await hook(submit).expect(200);
    expect(again.body).toEqual({ processed: 0, repeated: 1 });
    const rows = await t.db.query<unknown[]>(
      `SELECT 1 FROM appeals WHERE external_refs ->> 'chatId' = '502'`,
    );
    expect(rows).toHaveLength(1);
    expect(standin.messagesTo('502')).toHaveLength(sentBefore);
    expect(appeal).toBeDefined();
  });

  it('refuses a wrong secret with 401 and changes nothing', async () => {
    const update = say(599, '/start');
    const res = await hook(update, t.http, 'wrong-secret').expect(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const rows = await t.db.query<unknown[]>(
      `SELECT 1 FROM messenger_dialogues WHERE chat_id = '599'
       UNION ALL SELECT 1 FROM messenger_updates WHERE chat_id = '599'`,
    );
    expect(rows).toEqual([]);
    expect(standin.messagesTo('599')).toEqual([]);
  });

  it('delivers the officer’s answer into the chat once, even when the first send fails', async () => {
    const { appeal } = await completeDialogue(503);
    await runNotices(); // the acknowledgement
    await t.http
      .post(`/api/v1/appeals/${appeal.id}/answer`)
      .set(bearer(officer.token))
      .send({ text: 'Отопление восстановлено, перерасчёт выполнен.', outcome: 'supported' })
      .expect(200);
    standin.failNext(500);
    await runNotices(); // fails, stays pending
    t.clock.advance(60 * 60_000);
    await runNotices(); // delivered
    t.clock.advance(60 * 60_000);
    await runNotices(); // nothing left
    const answers = standin
      .messagesTo('503')
      .filter((m) => m.text?.includes('Отопление восстановлено, перерасчёт выполнен.'));
    expect(answers).toHaveLength(1);
    const [n] = await t.db.query<{ status: string; attempts: number }[]>(
      `SELECT status, attempts FROM notifications WHERE appeal_id = $1 AND kind = 'answer'`,
      [appeal.id],
    );
    expect(n).toEqual({ status: 'sent', attempts: 2 });
  });

  it('falls back to the applicant’s e-mail when the person blocked the bot', async () => {
    const { appeal } = await completeDialogue(504);
    await t.db.query(`UPDATE appeals SET applicant_email = 'maria@example.ru' WHERE id = $1`, [
      appeal.id,
    ]);
    standin.failNext(403);
    await runNotices();
    const notices = await t.db.query<{ channel: string; status: string; recipient: string }[]>(
      `SELECT channel, status, recipient FROM notifications WHERE appeal_id = $1 AND kind = 'acknowledgement' ORDER BY created_at`,
      [appeal.id],
    );
    expect(notices).toEqual([
      { channel: 'messenger', status: 'failed', recipient: 'telegram:504' },
      { channel: 'email', status: 'pending', recipient: 'maria@example.ru' },
    ]);
  });

  it('waits the provider’s retry_after on 429 and then delivers', async () => {
    const { appeal } = await completeDialogue(508);
    standin.failNext(429, 40);
    await runNotices();
    const ack = async () =>
      (
        await t.db.query<{ status: string; next_attempt_at: Date }[]>(
          `SELECT status, next_attempt_at FROM notifications WHERE appeal_id = $1 AND kind = 'acknowledgement'`,
          [appeal.id],
        )
      )[0];
    const waiting = await ack();
    expect(waiting.status).toBe('pending');
    expect(waiting.next_attempt_at.getTime() - t.clock.now().getTime()).toBe(40_000);
    t.clock.advance(39_000);
    await runNotices();
    expect((await ack()).status).toBe('pending');
    t.clock.advance(1_000);
    await runNotices();
    expect((await ack()).status).toBe('sent');
  });

  it('answers a status query only in the chat the appeal came from', async () => {
    const { appeal } = await completeDialogue(505);
    await hook(say(505, `Статус ${appeal.reg_number}`)).expect(200);
    expect(lastText(505)).toContain(`Обращение ${appeal.reg_number}: `);
    expect(lastText(505)).not.toContain('не найдено');
    await hook(say(506, `Статус ${appeal.reg_number}`)).expect(200);
    expect(lastText(506)).toContain('не найдено');
  });

  it('lets two API instances share one dialogue', async () => {
    const second: INestApplication = (await createApp(t.config, { clock: t.clock })).app;
    try {
      standin.addFile('PHOTO-507', jpg);
      const { appeal } = await completeDialogue(507, t.http, request(second.getHttpServer()));
      expect(appeal.reg_number).toMatch(/^2026-/);
      expect(lastText(507)).toContain(appeal.reg_number);
    } finally {
      await second.close();
    }
  });
});
