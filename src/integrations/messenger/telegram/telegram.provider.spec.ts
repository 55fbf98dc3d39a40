import { TelegramBotStandin } from '../../../../test/support/telegram-bot-standin';
import { MessengerSendError } from '../messenger-provider';
import { TelegramProvider, splitText } from './telegram.provider';

describe('TelegramProvider', () => {
  let standin: TelegramBotStandin;
  let sut: TelegramProvider;

  beforeEach(async () => {
    standin = await new TelegramBotStandin().start();
    sut = new TelegramProvider({
      token: standin.token,
      webhookSecret: 'hook-secret',
      apiUrl: standin.url,
      timeoutMs: 5000,
    });
  });
  afterEach(() => standin.stop());

  const failure = async (p: Promise<unknown>): Promise<MessengerSendError> => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(MessengerSendError);
    return e as MessengerSendError;
  };

  it('sends text with an inline keyboard', async () => {
    await sut.send({
      chatId: '42',
      text: 'Тема?',
      buttons: [[{ text: 'Отопление', data: 'topic:h' }]],
    });
    expect(standin.sent).toEqual([
      {
        method: 'sendMessage',
        chatId: '42',
        text: 'Тема?',
        buttons: [[{ text: 'Отопление', callback_data: 'topic:h' }]],
      },
    ]);
  });

  it('sends files after the text: images as photos, the rest as documents', async () => {
    await sut.send({
      chatId: '42',
      text: 'Ответ',
      files: [
        { fileName: 'ответ.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
        { fileName: 'a.png', contentType: 'image/png', content: Buffer.from('png') },
      ],
    });
    expect(standin.sent.map((m) => [m.method, m.fileName])).toEqual([
      ['sendMessage', undefined],
      ['sendDocument', 'ответ.pdf'],
      ['sendPhoto', 'a.png'],
    ]);
  });

  it('maps 429 to rate_limited with retry_after, 403 to blocked, 500 to transient', async () => {
    standin.failNext(429, 7);
    const limited = await failure(sut.send({ chatId: '1', text: 'x' }));
    expect([limited.failure, limited.retryAfterSeconds]).toEqual(['rate_limited', 7]);
    standin.failNext(403);
    expect((await failure(sut.send({ chatId: '1', text: 'x' }))).failure).toBe('blocked');
    standin.failNext(500);
    expect((await failure(sut.send({ chatId: '1', text: 'x' }))).failure).toBe('transient');
    standin.failNext(400);
    expect((await failure(sut.send({ chatId: '1', text: 'x' }))).failure).toBe('permanent');
  });

  it('is transient when the API cannot be reached', async () => {
    await standin.stop();
    expect((await failure(sut.send({ chatId: '1', text: 'x' }))).failure).toBe('transient');
  });

  it('downloads a file through getFile and refuses one over the limit', async () => {
    standin.addFile('F1', Buffer.from('hello world'));
    const got = await sut.downloadFile({ fileId: 'F1', fileName: 'p.jpg' }, 100);
    expect(got).toEqual({ content: Buffer.from('hello world'), fileName: 'p.jpg' });
    await failure(sut.downloadFile({ fileId: 'F1' }, 5));
  });

  it('verifies the webhook secret header', () => {
    expect(sut.verifyWebhook({ 'x-telegram-bot-api-secret-token': 'hook-secret' })).toBe(true);
    expect(sut.verifyWebhook({ 'x-telegram-bot-api-secret-token': 'wrong' })).toBe(false);
    expect(sut.verifyWebhook({})).toBe(false);
  });

  it('sets the webhook with the secret token', async () => {
    await sut.setWebhook('https://desk.example/api/v1/intake/messenger/telegram');
    expect(standin.webhook).toEqual({
      url: 'https://desk.example/api/v1/intake/messenger/telegram',
      secretToken: 'hook-secret',
    });
  });

  it('parses messages, photos, documents, /start and button presses', () => {
    const [photo] = sut.parseWebhook({
      update_id: 10,
      message: {
        message_id: 1,
        date: 1775800800,
        chat: { id: 42 },
        from: { id: 7, first_name: 'Мария' },
        caption: 'Батареи',
        photo: [
          { file_id: 'small', file_unique_id: 's', file_size: 10 },
          { file_id: 'big', file_unique_id: 'b', file_size: 100 },
        ],
      },
    });
    expect(photo).toMatchObject({
      updateId: '10',
      chatId: '42',
      kind: 'text',
      text: 'Батареи',
      files: [{ fileId: 'big', fileName: 'photo_b.jpg', size: 100 }],
    });
    const [start] = sut.parseWebhook({
      update_id: 11,
      message: { message_id: 2, chat: { id: 42 }, text: '/start' },
    });
    expect(start.kind).toBe('start');
    const [press] = sut.parseWebhook({
      update_id: 12,
      callback_query: {
        id: 'cb',
        from: { id: 7 },
        data: 'submit',
        message: { message_id: 3, chat: { id: 42 } },
      },
    });
    expect(press).toMatchObject({
      kind: 'callback',
      callbackData: 'submit',
      callbackId: 'cb',
      chatId: '42',
    });
    expect(sut.parseWebhook({ nonsense: true })).toEqual([]);
  });

  it('polls getUpdates from the offset and moves the cursor past the last update', async () => {
    standin.queueUpdate({ update_id: 5, message: { message_id: 1, chat: { id: 1 }, text: 'a' } });
    standin.queueUpdate({ update_id: 6, message: { message_id: 2, chat: { id: 1 }, text: 'b' } });
    const first = await sut.poll(null);
    expect([first.updates.length, first.cursor]).toEqual([2, '7']);
    const next = await sut.poll(first.cursor);
    expect([next.updates.length, next.cursor]).toEqual([0, '7']);
  });

  it('splits a text over Telegram’s 4096 characters', () => {
    const parts = splitText('a'.repeat(5000), 4096);
    expect(parts.map((p) => p.length)).toEqual([4096, 904]);
  });
});
