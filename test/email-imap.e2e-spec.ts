import { ImapFlow } from 'imapflow';
import type { AddressInfo, Server, Socket } from 'node:net';
import { AppError } from '../src/common/errors/app-error';
import { ErrorCode } from '../src/common/errors/error-codes';
import { EmailIntakeService } from '../src/integrations/email/email-intake.service';
import { IMAP_FAILED_KEYWORD } from '../src/integrations/email/imap-mailbox';
import { IMAP_CLIENT_NAME } from '../src/integrations/email/imap-poller.service';
import { JobsService } from '../src/jobs/jobs.service';
import {
  OUR_MAILBOX,
  encodedWord,
  rawEmail,
  readEmailFixture,
  type EmailFixture,
} from './fixtures/email/email-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

// --- a real IMAP server on 127.0.0.1 (hoodiecrow-imap, in memory) ---------------------------

// hoodiecrow-imap ships no types: the little of it used here is typed by hand.
interface HoodiecrowConnection {
  socket: Socket;
}
type HoodiecrowHandler = (
  connection: HoodiecrowConnection,
  parsed: unknown,
  data: unknown,
  callback: () => void,
) => void;
interface HoodiecrowServer {
  server: Server;
  listen(port: number, host: string, callback: () => void): void;
  close(callback: () => void): void;
  getCommandHandler(command: string): HoodiecrowHandler | false;
  setCommandHandler(command: string, handler: HoodiecrowHandler): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hoodiecrow = require('hoodiecrow-imap') as (options: object) => HoodiecrowServer;

const USER = 'desk';
const PASS = 'p@ss word'; // characters that must be %-encoded in IMAP_URL

class TestImap {
  private server: HoodiecrowServer | null = null;
  port = 0;

  /** `move: false` leaves MOVE out, so the poller falls back to COPY + \Deleted + EXPUNGE. */
  async start(opts: { move?: boolean } = {}): Promise<void> {
    const plugins = ['ID', 'ENABLE', 'UNSELECT', 'SPECIAL-USE', 'UIDPLUS'];
    if (opts.move !== false) plugins.push('MOVE');
    this.server = hoodiecrow({
      plugins,
      users: { [USER]: { password: PASS } },
      storage: { INBOX: { messages: [] }, '': { separator: '/', folders: {} } },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `imap://${encodeURIComponent(USER)}:${encodeURIComponent(PASS)}@127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * The next UID STORE drops the connection instead of answering, as if the poller's host died
   * after the appeal was committed and before the message was flagged.
   */
  dropConnectionOnNextStore(): void {
    const server = this.server!;
    const original = server.getCommandHandler('UID STORE');
    if (!original) throw new Error('no UID STORE handler');
    server.setCommandHandler('UID STORE', (connection) => {
      server.setCommandHandler('UID STORE', original);
      connection.socket.destroy();
    });
  }

  async session<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      auth: { user: USER, pass: PASS },
      logger: false,
      disableAutoIdle: true,
    });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  }

  append(...raws: Buffer[]): Promise<void> {
    return this.session(async (c) => {
      for (const raw of raws) await c.append('INBOX', raw, []);
    });
  }

  /** Every message of a folder with its flags and Message-ID. */
  list(folder = 'INBOX'): Promise<{ uid: number; flags: string[]; messageId: string | null }[]> {
    return this.session(async (c) => {
      const lock = await c.getMailboxLock(folder);
      try {
        const box = c.mailbox;
        if (!box || box.exists === 0) return [];
        const all = await c.fetchAll('1:*', { uid: true, flags: true, envelope: true });
        return all.map((m) => ({
          uid: m.uid,
          flags: [...(m.flags ?? [])].sort(),
          messageId: m.envelope?.messageId ?? null,
        }));
      } finally {
        lock.release();
      }
    });
  }

  /** Empties INBOX between tests. */
  clear(): Promise<void> {
    return this.session(async (c) => {
      const lock = await c.getMailboxLock('INBOX');
      try {
        if (c.mailbox && c.mailbox.exists > 0) await c.messageDelete('1:*');
      } finally {
        lock.release();
      }
    });
  }
}

// --- the app side ------------------------------------------------------------------------------

const APPEAL_FIXTURES: EmailFixture[] = [
  'plain-utf8-qp.eml',
  'cp1251-8bit.eml',
  'koi8r-qp.eml',
  'html-only.eml',
  'alternative-inline-image.eml',
  'attachments-cyrillic-names.eml',
  'forwarded-eml.eml',
  'no-message-id.eml',
];
const IGNORED_FIXTURES: EmailFixture[] = [
  'auto-reply.eml',
  'out-of-office-x-autoreply.eml',
  'bounce-dsn.eml',
  'bulk-list.eml',
];

interface RunDto {
  status: 'ok' | 'error';
  counts: Record<string, number>;
  error: string | null;
}

const runPoll = async (t: TestApp): Promise<RunDto> =>
  (
    await t.http
      .post('/api/v1/jobs/email-poll/run')
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200)
  ).body as RunDto;

const count = async (t: TestApp, sql: string, params: unknown[] = []): Promise<number> =>
  (await t.db.query<{ n: number }[]>(sql, params))[0].n;

const appealCount = (t: TestApp) => count(t, 'SELECT count(*)::int AS n FROM appeals');

const messageFor = (n: number, tag: string): Buffer =>
  rawEmail(
    [
      `From: Житель ${n} <resident${n}@example.com>`,
      `Message-ID: <${tag}-${n}@example.com>`,
      `Subject: ${encodedWord(`Нет воды в доме ${n}`)}`,
    ],
    `В доме ${n} третий день нет холодной воды.`,
  );

const SEEN = ['\\Seen'];

describe('the email-poll job over IMAP', () => {
  describe('a mailbox whose processed messages stay in INBOX', () => {
    let imap: TestImap;
    let t: TestApp;

    beforeAll(async () => {
      imap = new TestImap();
      await imap.start();
      t = await startTestApp({
        now: '2026-04-10T10:00:00+03:00',
        env: { IMAP_URL: imap.url, EMAIL_MAILBOX: OUR_MAILBOX, IMAP_MAX_ATTEMPTS: '3' },
      });
    });
    afterAll(async () => {
      await t.close();
      await imap.stop();
    });
    beforeEach(() => imap.clear());
    afterEach(() => jest.restoreAllMocks());

    it('registers appeal-like mail, ignores auto-replies, bounces and bulk mail, and flags all \\Seen', async () => {
      await imap.append(...[...APPEAL_FIXTURES, ...IGNORED_FIXTURES].map(readEmailFixture));
      const before = await appealCount(t);

      const run = await runPoll(t);

      expect(run.status).toBe('ok');
      expect(run.counts).toEqual({
        fetched: 12,
        created: APPEAL_FIXTURES.length,
        appended: 0,
        ignored: IGNORED_FIXTURES.length,
        repeated: 0,
        failed: 0,
        givenUp: 0,
        deferred: 0,
      });
      expect(await appealCount(t)).toBe(before + APPEAL_FIXTURES.length);
      const messages = await imap.list();
      expect(messages).toHaveLength(12);
      for (const m of messages) expect(m.flags).toEqual(SEEN);

      // Attributed to the mailbox's system client, created on first use, key never shown.
      const keys = await t.db.query<{ id: string; channels: string[]; revoked_at: Date | null }[]>(
        'SELECT id, channels, revoked_at FROM api_keys WHERE name = $1',
        [IMAP_CLIENT_NAME],
      );
      expect(keys).toEqual([{ id: expect.any(String), channels: ['email'], revoked_at: null }]);
      const rows = await t.db.query<
        { channel: string; created_by_api_key_id: string; source: string }[]
      >(
        `SELECT a.channel, a.created_by_api_key_id, p.source
           FROM processed_emails p JOIN appeals a ON a.id = p.appeal_id
          WHERE p.result = 'created'`,
      );
      expect(rows).toHaveLength(APPEAL_FIXTURES.length);
      for (const r of rows) {
        expect(r).toEqual({ channel: 'email', created_by_api_key_id: keys[0].id, source: 'imap' });
      }
      expect(
        await count(t, "SELECT count(*)::int AS n FROM processed_emails WHERE result = 'ignored'"),
      ).toBe(IGNORED_FIXTURES.length);
      // Answers go only to the registered appeals, never to the ignored mail: no mail loops.
      expect(
        await count(
          t,
          `SELECT count(*)::int AS n FROM notifications WHERE appeal_id NOT IN
             (SELECT appeal_id FROM processed_emails WHERE result = 'created')`,
        ),
      ).toBe(0);
    });

    it('does nothing on a second run', async () => {
      await imap.append(messageFor(1, 'again'), messageFor(2, 'again'));
      expect((await runPoll(t)).counts.created).toBe(2);
      const before = await appealCount(t);

      const second = await runPoll(t);

      expect(second.status).toBe('ok');
      expect(second.counts).toMatchObject({ fetched: 0, created: 0, repeated: 0, failed: 0 });
      expect(await appealCount(t)).toBe(before);
      // the key is reused, not created again
      expect(
        await count(t, 'SELECT count(*)::int AS n FROM api_keys WHERE name = $1', [
          IMAP_CLIENT_NAME,
        ]),
      ).toBe(1);
    });

    it('neither loses nor duplicates a message when the connection dies between commit and flag', async () => {
      const raws = [1, 2, 3].map((n) => messageFor(n, 'crash'));
      await imap.append(...raws);
      const before = await appealCount(t);
      imap.dropConnectionOnNextStore();

      const crashed = await runPoll(t);

      expect(crashed.status).toBe('error');
      // the first appeal is committed, its message still unseen; the others were not reached
      expect(await appealCount(t)).toBe(before + 1);
      for (const m of await imap.list()) expect(m.flags).toEqual([]);

      const recovered = await runPoll(t);

      expect(recovered.status).toBe('ok');
      expect(recovered.counts).toMatchObject({ fetched: 3, created: 2, repeated: 1, failed: 0 });
      expect(await appealCount(t)).toBe(before + 3);
      for (const n of [1, 2, 3]) {
        expect(
          await count(
            t,
            "SELECT count(*)::int AS n FROM appeals WHERE external_refs->>'messageId' = $1",
            [`<crash-${n}@example.com>`],
          ),
        ).toBe(1);
      }
      for (const m of await imap.list()) expect(m.flags).toEqual(SEEN);
      expect((await runPoll(t)).counts.fetched).toBe(0);
    });

    it('registers a message delivered twice into the mailbox once', async () => {
      await imap.append(
        readEmailFixture('twice-delivered-a.eml'),
        readEmailFixture('twice-delivered-b.eml'),
      );
      const before = await appealCount(t);

      const run = await runPoll(t);

      expect(run.counts).toMatchObject({ fetched: 2, created: 1, repeated: 1 });
      expect(await appealCount(t)).toBe(before + 1);
      for (const m of await imap.list()) expect(m.flags).toEqual(SEEN);
    });

    it('adds a reply naming the registration number, from the same address, to that appeal', async () => {
      await imap.append(
        rawEmail(
          [
            `From: ${encodedWord('Иванов Иван Иванович')} <ivanov.ii@example.com>`,
            'Message-ID: <radiators-original@example.com>',
            `Subject: ${encodedWord('Холодные батареи')}`,
          ],
          'Батареи в квартире холодные с 1 марта.',
        ),
      );
      expect((await runPoll(t)).counts).toMatchObject({ fetched: 1, created: 1 });
      const [original] = await t.db.query<{ id: string; reg_number: string }[]>(
        "SELECT id, reg_number FROM appeals WHERE external_refs->>'messageId' = $1",
        ['<radiators-original@example.com>'],
      );
      // The real reply (same sender), its subject now naming the number this appeal got.
      const reply = Buffer.from(
        readEmailFixture('reply-reg-number.eml')
          .toString('latin1')
          .replace(
            /^Subject: .*$/m,
            `Subject: ${encodedWord(`Re: Обращение № ${original.reg_number}`)}`,
          ),
        'latin1',
      );
      await imap.append(reply);
      const before = await appealCount(t);

      const run = await runPoll(t);

      expect(run.counts).toMatchObject({ fetched: 1, appended: 1, created: 0 });
      expect(await appealCount(t)).toBe(before);
      const history = await t.http
        .get(`/api/v1/appeals/${original.id}/history`)
        .auth(t.adminToken, { type: 'bearer' })
        .expect(200);
      const added = (history.body.items as { type: string; data: { text: string } }[]).find(
        (e) => e.type === 'email_appended',
      );
      expect(added?.data.text).toContain('батареи по-прежнему');
      for (const m of await imap.list()) expect(m.flags).toEqual(SEEN);
    });

    it('leaves a message whose processing failed unseen and takes it after a wait', async () => {
      await imap.append(...[1, 2, 3].map((n) => messageFor(n, 'transient')));
      const intake = t.app.get(EmailIntakeService);
      const real = intake.ingestTracked.bind(intake);
      let calls = 0;
      jest.spyOn(intake, 'ingestTracked').mockImplementation((raw, ctx, source) => {
        // the second message meets a database that went away for a moment
        if (++calls === 2) return Promise.reject(new Error('Connection terminated unexpectedly'));
        return real(raw, ctx, source);
      });
      const before = await appealCount(t);

      const first = await runPoll(t);

      expect(first.status).toBe('ok');
      expect(first.counts).toMatchObject({ fetched: 3, created: 2, failed: 1, givenUp: 0 });
      const flags = (await imap.list()).map((m) => m.flags);
      expect(flags).toEqual([SEEN, [], SEEN]);
      // not before its wait (one minute after a first failure) is over
      expect((await runPoll(t)).counts).toMatchObject({ fetched: 0, deferred: 1 });
      t.clock.advance(60_000);

      const second = await runPoll(t);

      expect(second.counts).toMatchObject({ fetched: 1, created: 1, failed: 0, deferred: 0 });
      expect(await appealCount(t)).toBe(before + 3);
      for (const m of await imap.list()) expect(m.flags).toEqual(SEEN);
    });

    it('sets aside a message refused for good, without blocking the others', async () => {
      await imap.append(...[1, 2, 3].map((n) => messageFor(n, 'refused')));
      const intake = t.app.get(EmailIntakeService);
      const real = intake.ingestTracked.bind(intake);
      let calls = 0;
      jest.spyOn(intake, 'ingestTracked').mockImplementation((raw, ctx, source) => {
        if (++calls === 1) {
          return Promise.reject(
            AppError.validation([{ field: 'text', code: 'TOO_LONG', message: 'слишком длинный' }]),
          );
        }
        return real(raw, ctx, source);
      });
      const before = await appealCount(t);

      const first = await runPoll(t);

      expect(first.counts).toMatchObject({ fetched: 3, created: 2, failed: 1, givenUp: 1 });
      const [refused, ...rest] = await imap.list();
      expect(refused.flags).toEqual([IMAP_FAILED_KEYWORD, '\\Flagged'].sort());
      for (const m of rest) expect(m.flags).toEqual(SEEN);

      // set aside: not fetched again until someone removes the keyword
      expect((await runPoll(t)).counts.fetched).toBe(0);
      expect(await appealCount(t)).toBe(before + 2);
    });

    it('retries a transient failure and gives up on a permanent one', async () => {
      // A real fault: PostgreSQL refuses this message's appeal with a deadlock while the trigger
      // is there. The verdicts of the pipeline are stubbed by Message-ID: a calendar year that
      // is missing once (422, yet it passes once the year is imported) and a refusal for good.
      await t.db.query(`
        CREATE FUNCTION imap_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.text LIKE 'Сбой базы:%' THEN
            RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER imap_deadlock BEFORE INSERT ON appeals
          FOR EACH ROW EXECUTE FUNCTION imap_deadlock();`);
      const dropTrigger = () =>
        t.db.query(
          'DROP TRIGGER IF EXISTS imap_deadlock ON appeals; DROP FUNCTION IF EXISTS imap_deadlock();',
        );
      try {
        await imap.append(
          rawEmail(
            ['From: Житель <db-fault@example.com>', 'Message-ID: <mixed-db@example.com>'],
            'Сбой базы: в подъезде не горит свет.',
          ),
          messageFor(2, 'mixed'),
          messageFor(3, 'mixed'),
          messageFor(4, 'mixed'),
        );
        const intake = t.app.get(EmailIntakeService);
        const real = intake.ingestTracked.bind(intake);
        let calendarMissing = true;
        const ingest = jest
          .spyOn(intake, 'ingestTracked')
          .mockImplementation((raw, ctx, source) => {
            const text = raw.toString('latin1');
            if (text.includes('<mixed-2@example.com>') && calendarMissing) {
              calendarMissing = false;
              return Promise.reject(
                new AppError(ErrorCode.CALENDAR_YEAR_MISSING, 'Календарь на 2027 год не загружен'),
              );
            }
            if (text.includes('<mixed-3@example.com>')) {
              return Promise.reject(
                AppError.validation([{ field: 'text', code: 'TOO_LONG', message: 'длинный' }]),
              );
            }
            return real(raw, ctx, source);
          });
        const before = await appealCount(t);
        const flagsById = async () =>
          Object.fromEntries((await imap.list()).map((m) => [m.messageId, m.flags]));
        const retries = () =>
          t.db.query<{ uid: string; attempts: number; last_error: string }[]>(
            'SELECT uid, attempts, last_error FROM imap_retries ORDER BY uid',
          );

        const first = await runPoll(t);

        expect(first.status).toBe('ok');
        expect(first.counts).toMatchObject({
          fetched: 4,
          created: 1,
          failed: 3,
          givenUp: 1,
          deferred: 0,
        });
        expect(await flagsById()).toEqual({
          '<mixed-db@example.com>': [],
          '<mixed-2@example.com>': [],
          '<mixed-3@example.com>': [IMAP_FAILED_KEYWORD, '\\Flagged'].sort(),
          '<mixed-4@example.com>': SEEN,
        });
        expect(await retries()).toEqual([
          expect.objectContaining({ attempts: 1, last_error: 'QueryFailedError 40P01' }),
          expect.objectContaining({ attempts: 1, last_error: 'CALENDAR_YEAR_MISSING' }),
        ]);

        // Waiting: neither is fetched before its minute is over, nor do they fill the batch.
        expect((await runPoll(t)).counts).toMatchObject({ fetched: 0, deferred: 2 });

        t.clock.advance(60_000);
        const third = await runPoll(t);
        // the year has been imported meanwhile; the database still refuses the other one
        expect(third.counts).toMatchObject({ fetched: 2, created: 1, failed: 1, givenUp: 0 });
        expect(await retries()).toEqual([expect.objectContaining({ attempts: 2 })]);

        await dropTrigger();
        t.clock.advance(60_000); // the second wait is two minutes
        expect((await runPoll(t)).counts).toMatchObject({ fetched: 0, deferred: 1 });
        t.clock.advance(60_000);
        const last = await runPoll(t);

        expect(last.counts).toMatchObject({ fetched: 1, created: 1, failed: 0, deferred: 0 });
        expect(await flagsById()).toEqual({
          '<mixed-db@example.com>': SEEN,
          '<mixed-2@example.com>': SEEN,
          '<mixed-3@example.com>': [IMAP_FAILED_KEYWORD, '\\Flagged'].sort(),
          '<mixed-4@example.com>': SEEN,
        });
        expect(await retries()).toEqual([]);
        expect(await appealCount(t)).toBe(before + 3);
        // the one refused for good was tried once, never again
        const refusedCalls = ingest.mock.calls.filter(([raw]) =>
          raw.toString('latin1').includes('<mixed-3@example.com>'),
        );
        expect(refusedCalls).toHaveLength(1);
      } finally {
        await dropTrigger();
      }
    });

    it('sets aside a message that keeps failing transiently after IMAP_MAX_ATTEMPTS attempts', async () => {
      await t.db.query(`
        CREATE FUNCTION imap_always_fails() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.text LIKE 'Упорный сбой:%' THEN
            RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER imap_always_fails BEFORE INSERT ON appeals
          FOR EACH ROW EXECUTE FUNCTION imap_always_fails();`);
      try {
        await imap.append(
          rawEmail(
            ['From: Житель <stubborn@example.com>', 'Message-ID: <stubborn@example.com>'],
            'Упорный сбой: лифт стоит неделю.',
          ),
        );
        const before = await appealCount(t);

        // IMAP_MAX_ATTEMPTS is 3 here: the waits after the first two are 1 and 2 minutes.
        expect((await runPoll(t)).counts).toMatchObject({ failed: 1, givenUp: 0 });
        t.clock.advance(60_000);
        expect((await runPoll(t)).counts).toMatchObject({ failed: 1, givenUp: 0 });
        t.clock.advance(120_000);
        const third = await runPoll(t);

        expect(third.status).toBe('ok');
        expect(third.counts).toMatchObject({ fetched: 1, failed: 1, givenUp: 1 });
        const [message] = await imap.list();
        expect(message.flags).toEqual([IMAP_FAILED_KEYWORD, '\\Flagged'].sort());
        expect(await count(t, 'SELECT count(*)::int AS n FROM imap_retries')).toBe(0);
        t.clock.advance(3_600_000);
        expect((await runPoll(t)).counts).toMatchObject({ fetched: 0, deferred: 0 });
        expect(await appealCount(t)).toBe(before);
      } finally {
        await t.db.query(
          'DROP TRIGGER IF EXISTS imap_always_fails ON appeals; DROP FUNCTION IF EXISTS imap_always_fails();',
        );
      }
    });

    it('also runs through JobsService (the scheduler path)', async () => {
      await imap.append(messageFor(1, 'scheduled'));
      const run = await t.app.get(JobsService).run('email-poll', 'schedule');
      expect(run?.status).toBe('ok');
      expect(run?.counts).toMatchObject({ fetched: 1, created: 1 });
    });
  });

  describe.each([
    ['MOVE', true],
    ['COPY + EXPUNGE (no MOVE extension)', false],
  ])('a mailbox with a processed folder, moved by %s', (_name, move) => {
    let imap: TestImap;
    let t: TestApp;

    beforeAll(async () => {
      imap = new TestImap();
      await imap.start({ move });
      t = await startTestApp({
        now: '2026-04-10T10:00:00+03:00',
        env: {
          IMAP_URL: imap.url,
          EMAIL_MAILBOX: OUR_MAILBOX,
          IMAP_PROCESSED_FOLDER: 'Processed',
          EMAIL_MAX_MESSAGE_SIZE: '64kb',
        },
      });
    });
    afterAll(async () => {
      await t.close();
      await imap.stop();
    });

    it('moves every processed message, \\Seen, to the folder (creating it) and leaves the rest', async () => {
      const tooLarge = rawEmail(
        ['Message-ID: <huge@example.com>', 'Subject: big'],
        'x'.repeat(70 * 1024),
      );
      await imap.append(
        readEmailFixture('cp1251-8bit.eml'),
        readEmailFixture('auto-reply.eml'),
        tooLarge,
        readEmailFixture('koi8r-qp.eml'),
      );

      const run = await runPoll(t);

      expect(run.status).toBe('ok');
      expect(run.counts).toMatchObject({
        fetched: 3,
        created: 2,
        ignored: 1,
        failed: 1,
        givenUp: 1,
      });
      const processed = await imap.list('Processed');
      expect(processed).toHaveLength(3);
      for (const m of processed) expect(m.flags).toEqual(SEEN);
      // the message over EMAIL_MAX_MESSAGE_SIZE stays where a person will find it
      const left = await imap.list();
      expect(left).toEqual([
        {
          uid: expect.any(Number),
          flags: [IMAP_FAILED_KEYWORD, '\\Flagged'].sort(),
          messageId: '<huge@example.com>',
        },
      ]);

      expect((await runPoll(t)).counts).toMatchObject({ fetched: 0, created: 0 });
    });
  });

  describe('without IMAP_URL', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ env: { EMAIL_MAILBOX: OUR_MAILBOX } });
    });
    afterAll(() => t.close());

    it('is a recorded no-op', async () => {
      const run = await runPoll(t);
      expect(run).toMatchObject({ status: 'ok', counts: { disabled: 1 } });
      expect(
        await count(t, 'SELECT count(*)::int AS n FROM api_keys WHERE name = $1', [
          IMAP_CLIENT_NAME,
        ]),
      ).toBe(0);
    });
  });
});
