import { MaxBotStandIn } from '../../../../test/support/max-bot-standin';
import { MessengerSendError } from '../messenger-provider';
import { MaxProvider } from './max.provider';

describe('MaxProvider', () => {
  let standIn: MaxBotStandIn;
  let sut: MaxProvider;

  beforeEach(async () => {
    standIn = new MaxBotStandIn('bot-token');
    const apiUrl = await standIn.start();
    sut = new MaxProvider({
      token: 'bot-token',
      webhookSecret: 'hook-secret_1',
      apiUrl,
      timeoutMs: 5000,
      pollTimeoutSeconds: 0,
      attachmentRetryDelayMs: 1,
    });
  });

  afterEach(async () => {
    await standIn.stop();
  });

  async function sendError(p: Promise<unknown>): Promise<MessengerSendError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MessengerSendError);
    return err as MessengerSendError;
  }

  describe('send', () => {
    it('sends text with callback buttons to the chat, the token in the Authorization header', async () => {
      const result = await sut.send({
        chatId: '-7001',
        text: 'Выберите тему',
        buttons: [[{ text: 'Отопление', data: 'topic:1' }], [{ text: 'Отмена', data: 'cancel' }]],
      });

      expect(standIn.sent).toHaveLength(1);
      const sent = standIn.sent[0];
      expect(sent.chatId).toBe('-7001');
      expect(sent.text).toBe('Выберите тему');
      expect(sent.buttons).toEqual([
        [{ text: 'Отопление', payload: 'topic:1' }],
        [{ text: 'Отмена', payload: 'cancel' }],
      ]);
      expect(result.messageId).toBe(sent.mid);
      const call = standIn.requests.find((r) => r.path === '/messages')!;
      expect(call.authorization).toBe('bot-token');
      expect(call.query.access_token).toBeUndefined();
    });

    it('uploads a document and an image, then attaches them by token', async () => {
      const pdf = Buffer.from('%PDF-1.4 answer');
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

      await sut.send({
        chatId: '42',
        text: 'Ответ на обращение 2026-000001',
        files: [
          { fileName: 'Ответ.pdf', contentType: 'application/pdf', content: pdf },
          { fileName: 'фото.png', contentType: 'image/png', content: png },
        ],
      });

      expect(
        standIn.requests.filter((r) => r.path === '/uploads').map((r) => r.query.type),
      ).toEqual(['file', 'image']);
      expect(standIn.sent).toHaveLength(1);
      const sent = standIn.sent[0];
      expect(sent.attachments.map((a) => a.type)).toEqual(['file', 'image']);
      expect(sent.files.map((f) => f.fileName)).toEqual(['Ответ.pdf', 'фото.png']);
      expect(sent.files[0].bytes.equals(pdf)).toBe(true);
      expect(sent.files[1].bytes.equals(png)).toBe(true);
    });

    it('retries while MAX says the uploaded attachment is not ready yet', async () => {
      standIn.attachmentsNotReady(2);

      await sut.send({
        chatId: '42',
        text: 'Ответ',
        files: [{ fileName: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('x') }],
      });

      expect(standIn.sent).toHaveLength(1);
      expect(standIn.sent[0].files).toHaveLength(1);
    });

    it('splits a text longer than the MAX limit into several messages, buttons on the last', async () => {
      const long = `${'а'.repeat(3990)}\n${'б'.repeat(3000)}`;

      await sut.send({ chatId: '42', text: long, buttons: [[{ text: 'OK', data: 'ok' }]] });

      expect(standIn.sent).toHaveLength(2);
      expect(standIn.sent.map((s) => s.text).join('\n')).toBe(long);
      expect(standIn.sent[0].buttons).toEqual([]);
      expect(standIn.sent[1].buttons).toEqual([[{ text: 'OK', payload: 'ok' }]]);
    });

    it('maps 403 chat.denied to blocked', async () => {
      standIn.failNextSend({ status: 403, code: 'chat.denied', message: 'error.dialog.suspended' });

      const err = await sendError(sut.send({ chatId: '42', text: 'x' }));

      expect(err.failure).toBe('blocked');
      expect(err.detail).toContain('chat.denied');
    });

    it('maps a user-blocked code to blocked whatever the status', async () => {
      standIn.failNextSend({ status: 400, code: 'user.blocked' });

      expect((await sendError(sut.send({ chatId: '42', text: 'x' }))).failure).toBe('blocked');
    });

    it('maps 429 to rate_limited with the Retry-After seconds', async () => {
      standIn.failNextSend({ status: 429, code: 'too.many.requests', retryAfter: 7 });

      const err = await sendError(sut.send({ chatId: '42', text: 'x' }));

      expect(err.failure).toBe('rate_limited');
      expect(err.retryAfterSeconds).toBe(7);
    });

    it('maps 429 without Retry-After to rate_limited with a default wait', async () => {
      standIn.failNextSend({ status: 429, code: 'too.many.requests' });

      const err = await sendError(sut.send({ chatId: '42', text: 'x' }));

      expect(err.failure).toBe('rate_limited');
      expect(err.retryAfterSeconds).toBeGreaterThan(0);
    });

    it('maps 500 and 503 to transient', async () => {
      standIn.failNextSend(
        { status: 500, code: 'internal' },
        { status: 503, code: 'service.unavailable' },
      );

      expect((await sendError(sut.send({ chatId: '42', text: 'x' }))).failure).toBe('transient');
      expect((await sendError(sut.send({ chatId: '42', text: 'x' }))).failure).toBe('transient');
      expect(standIn.sent).toHaveLength(0);
    });

    it('maps a network failure to transient', async () => {
      await standIn.stop();

      expect((await sendError(sut.send({ chatId: '42', text: 'x' }))).failure).toBe('transient');
    });

    it('maps any other refusal (400 proto.payload, 401 wrong token) to permanent', async () => {
      standIn.failNextSend({ status: 400, code: 'proto.payload' });
      expect((await sendError(sut.send({ chatId: '42', text: 'x' }))).failure).toBe('permanent');

      const wrongToken = new MaxProvider({
        token: 'other',
        webhookSecret: null,
        apiUrl: standIn.url,
      });
      const err = await sendError(wrongToken.send({ chatId: '42', text: 'x' }));
      expect(err.failure).toBe('permanent');
      expect(err.detail).toContain('401');
    });
  });

  it('answers a button press by its callback id', async () => {
    await sut.answerCallback('cb.123');

    expect(standIn.answers).toHaveLength(1);
    expect(standIn.answers[0].callbackId).toBe('cb.123');
  });

  it('subscribes the webhook URL with the secret', async () => {
    await sut.setWebhook('https://desk.example.ru/intake/messenger/max');

    expect(standIn.subscriptions).toEqual([
      expect.objectContaining({
        url: 'https://desk.example.ru/intake/messenger/max',
        secret: 'hook-secret_1',
      }),
    ]);
    expect(standIn.subscriptions[0].update_types).toEqual(
      expect.arrayContaining(['message_created', 'message_callback', 'bot_started']),
    );
  });

  describe('parseWebhook', () => {
    it('maps message_created with text, sender and attachments', () => {
      const update = standIn.messageCreated({
        chatId: 555,
        userId: 777,
        name: 'Пётр',
        text: 'Нет горячей воды',
        attachments: [
          standIn.imageAttachment({ url: 'https://i.max.ru/p1', token: 'img-tok' }),
          standIn.fileAttachment({ url: 'https://f.max.ru/d1', token: 'doc-tok' }, 'акт.pdf', 1234),
          { type: 'sticker', payload: { url: 'https://s', code: 'x' }, width: 1, height: 1 },
        ],
      });
      const mid = (update.message as { body: { mid: string } }).body.mid;

      const [u] = sut.parseWebhook(update);

      expect(u).toEqual({
        updateId: `message_created:${mid}`,
        chatId: '555',
        userId: '777',
        senderName: 'Пётр',
        kind: 'text',
        text: 'Нет горячей воды',
        files: [
          { fileId: 'img-tok', url: 'https://i.max.ru/p1' },
          { fileId: 'doc-tok', url: 'https://f.max.ru/d1', fileName: 'акт.pdf', size: 1234 },
        ],
        receivedAt: new Date(update.timestamp),
      });
    });

    it('maps message_callback to callback with its payload and id', () => {
      const update = standIn.callback({ chatId: 555, userId: 777, payload: 'topic:2' });
      const callbackId = (update.callback as { callback_id: string }).callback_id;

      const [u] = sut.parseWebhook(update);

      expect(u).toMatchObject({
        updateId: `message_callback:${callbackId}`,
        chatId: '555',
        userId: '777',
        kind: 'callback',
        callbackData: 'topic:2',
        callbackId,
        files: [],
      });
    });

    it('maps bot_started to start', () => {
      const update = standIn.botStarted({ chatId: 555, userId: 777 });

      const [u] = sut.parseWebhook(update);

      expect(u).toMatchObject({ chatId: '555', userId: '777', kind: 'start', files: [] });
      expect(u.updateId).toBe(`bot_started:555:${update.timestamp}`);
    });

    it('maps any other update type to other, keeping the chat', () => {
      const [u] = sut.parseWebhook({
        update_type: 'bot_stopped',
        timestamp: 1760000000000,
        chat_id: 555,
        user: { user_id: 777, first_name: 'Пётр' },
      });

      expect(u).toMatchObject({ kind: 'other', chatId: '555', userId: '777' });
    });

    it('returns nothing for a body that is not an update', () => {
      expect(sut.parseWebhook(null)).toEqual([]);
      expect(sut.parseWebhook({ hello: 'world' })).toEqual([]);
      expect(sut.parseWebhook('text')).toEqual([]);
    });

    it('gives the same update the same id twice (delivery retries are recognisable)', () => {
      const update = standIn.messageCreated({ chatId: 1, userId: 2, text: 'x' });

      expect(sut.parseWebhook(update)[0].updateId).toBe(sut.parseWebhook(update)[0].updateId);
    });
  });

  describe('verifyWebhook', () => {
    it('accepts the configured secret', () => {
      expect(sut.verifyWebhook({ 'x-max-bot-api-secret': 'hook-secret_1' })).toBe(true);
    });

    it('refuses a wrong, a longer, a shorter or a missing secret', () => {
      expect(sut.verifyWebhook({ 'x-max-bot-api-secret': 'hook-secret_2' })).toBe(false);
      expect(sut.verifyWebhook({ 'x-max-bot-api-secret': 'hook-secret_1x' })).toBe(false);
      expect(sut.verifyWebhook({ 'x-max-bot-api-secret': 'hook' })).toBe(false);
      expect(sut.verifyWebhook({ 'x-max-bot-api-secret': '' })).toBe(false);
      expect(sut.verifyWebhook({})).toBe(false);
      expect(sut.verifyWebhook({ 'x-max-bot-api-secret': ['hook-secret_1', 'x'] })).toBe(false);
    });

    it('refuses everything when no secret is configured', () => {
      const open = new MaxProvider({ token: 't', webhookSecret: null, apiUrl: standIn.url });

      expect(open.verifyWebhook({ 'x-max-bot-api-secret': '' })).toBe(false);
      expect(open.verifyWebhook({})).toBe(false);
    });
  });

  describe('poll', () => {
    it('reads updates from the marker and returns the next marker', async () => {
      const first = standIn.messageCreated({ chatId: 1, userId: 2, text: 'один' });
      const second = standIn.callback({ chatId: 1, userId: 2, payload: 'yes' });
      standIn.enqueue(first);
      standIn.enqueue(second);

      const page1 = await sut.poll(null);

      expect(page1.updates.map((u) => u.kind)).toEqual(['text', 'callback']);
      expect(page1.cursor).toBe('2');

      standIn.enqueue(standIn.botStarted({ chatId: 3, userId: 4 }));
      const page2 = await sut.poll(page1.cursor);

      expect(page2.updates.map((u) => u.kind)).toEqual(['start']);
      expect(page2.cursor).toBe('3');
      expect(
        standIn.requests.filter((r) => r.path === '/updates').map((r) => r.query.marker),
      ).toEqual([undefined, '2']);
    });

    it('keeps the cursor when there is nothing new', async () => {
      standIn.enqueue(standIn.botStarted({ chatId: 3, userId: 4 }));
      const page1 = await sut.poll(null);

      const page2 = await sut.poll(page1.cursor);

      expect(page2).toEqual({ updates: [], cursor: '1' });
    });
  });

  describe('downloadFile', () => {
    const TOO_LARGE = { failure: 'permanent', detail: 'file_too_large' };

    it('downloads a file by its URL, without sending the bot token to the file host', async () => {
      const bytes = Buffer.from('photo bytes');
      const file = standIn.putFile(bytes, 'IMG_1.jpg', 'image/jpeg');

      const got = await sut.downloadFile({ fileId: file.token, url: file.url }, 1000);

      expect(got.content.equals(bytes)).toBe(true);
      expect(got.fileName).toBe('IMG_1.jpg');
      expect(standIn.downloads[0].authorization).toBeUndefined();
    });

    it('prefers the name the attachment gave', async () => {
      const file = standIn.putFile(Buffer.from('x'), 'ignored.bin');

      const got = await sut.downloadFile(
        { fileId: file.token, url: file.url, fileName: 'акт.pdf' },
        10,
      );

      expect(got.fileName).toBe('акт.pdf');
    });

    it('refuses a file whose attachment size is over the limit without fetching it', async () => {
      const file = standIn.putFile(Buffer.alloc(100), 'big.pdf');

      await expect(
        sut.downloadFile({ fileId: file.token, url: file.url, size: 100 }, 99),
      ).rejects.toMatchObject(TOO_LARGE);
      expect(standIn.downloads).toHaveLength(0);
    });

    it('refuses a file whose Content-Length is over the limit', async () => {
      const file = standIn.putFile(Buffer.alloc(100), 'big.pdf');

      await expect(
        sut.downloadFile({ fileId: file.token, url: file.url }, 99),
      ).rejects.toMatchObject(TOO_LARGE);
    });

    it('stops reading a stream without Content-Length once it passes the limit', async () => {
      const file = standIn.putFile(Buffer.alloc(64 * 1024), 'big.pdf', 'application/pdf', true);

      await expect(
        sut.downloadFile({ fileId: file.token, url: file.url }, 10 * 1024),
      ).rejects.toMatchObject(TOO_LARGE);
    });

    it('accepts a file of exactly the limit', async () => {
      const file = standIn.putFile(Buffer.alloc(5000, 1), 'edge.pdf', 'application/pdf', true);

      const got = await sut.downloadFile({ fileId: file.token, url: file.url }, 5000);

      expect(got.content).toHaveLength(5000);
    });

    it('refuses a reference without a URL', async () => {
      await expect(sut.downloadFile({ fileId: 'tok-only' }, 10)).rejects.toMatchObject({
        failure: 'permanent',
        detail: 'file_unavailable',
      });
    });
  });
});
