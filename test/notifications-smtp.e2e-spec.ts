import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../src/app.factory';
import { JobsService } from '../src/jobs/jobs.service';
import { startTestApp, type TestApp } from './support/test-app';
import { appealBody } from './support/factories';

/** A real SMTP server on 127.0.0.1 that records what it accepted. */
class TestSmtp {
  readonly received: { messageId: string; to: string; raw: string }[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const messageId = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '';
          this.received.push({
            messageId,
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

describe('the notification sender over SMTP', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let key: string;

  beforeAll(async () => {
    smtp = new TestSmtp();
    await smtp.start();
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
    });
    key = (await t.createApiKey(['web'])).key;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop().catch(() => undefined);
  });

  const runSender = async () =>
    (
      await t.http
        .post('/api/v1/jobs/notifications/run')
        .auth(t.adminToken, { type: 'bearer' })
        .expect(200)
    ).body as {
      counts: Record<string, number>;
    };
  const register = async (email: string) =>
    (
      await t.http
        .post('/api/v1/appeals')
        .set('X-API-Key', key)
        .send(appealBody('web', { applicant: { lastName: 'Петров', firstName: 'Олег', email } }))
        .expect(201)
    ).body as { id: string; regNumber: string };
  const notice = async (appealId: string) =>
    (
      await t.db.query(
        "SELECT id, status, attempts, last_error FROM notifications WHERE appeal_id = $1 AND kind = 'acknowledgement'",
        [appealId],
      )
    )[0] as {
      id: string;
      status: string;
      attempts: number;
      last_error: string | null;
    };

  it('sends the acknowledgement by e-mail with a stable Message-ID and records the attempt', async () => {
    const a = await register('first@example.ru');
    const run = await runSender();
    expect(run.counts).toMatchObject({ sent: 1, failed: 0 });
    const n = await notice(a.id);
    expect(n).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({
      to: 'first@example.ru',
      messageId: `<${n.id}@appeals-desk>`,
    });
    expect(smtp.received[0].raw).toMatch(/Auto-Submitted: auto-generated/i);
    const api = await t.http
      .get(`/api/v1/appeals/${a.id}/notifications`)
      .auth(t.adminToken, { type: 'bearer' })
      .expect(200);
    expect(api.body.items[0]).toMatchObject({
      kind: 'acknowledgement',
      status: 'sent',
      attempts: 1,
    });
    expect((await runSender()).counts.sent).toBe(0); // nothing twice
  });

  it('keeps a notice while the server is down and sends it once when it is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    const a = await register('second@example.ru');
    const down = await runSender();
    expect(down.counts).toMatchObject({ sent: 0, failed: 1 });
    const n1 = await notice(a.id);
    expect(n1).toMatchObject({ status: 'pending', attempts: 1 });
    expect(n1.last_error).toEqual(expect.any(String));
    // Backoff: not retried at once.
    expect((await runSender()).counts.claimed).toBe(0);
    await smtp.start(port);
    t.clock.advance(31_000);
    const back = await runSender();
    expect(back.counts).toMatchObject({ sent: 1, failed: 0 });
    expect(await notice(a.id)).toMatchObject({ status: 'sent', attempts: 2 });
    const attempts = await t.db.query(
      'SELECT ok FROM notification_attempts WHERE notification_id = $1 ORDER BY id',
      [n1.id],
    );
    expect(attempts).toEqual([{ ok: false }, { ok: true }]);
    const forThisOne = smtp.received.filter((m) => m.to === 'second@example.ru');
    expect(forThisOne).toHaveLength(1);
  });

  it('never sends a notice twice with two instances sending at once', async () => {
    const before = smtp.received.length;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await register(`bulk${i}@example.ru`)).id);
    const second = await createApp(t.config, { clock: t.clock });
    try {
      const jobs = [t.app.get(JobsService), second.app.get(JobsService)];
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => jobs[i % 2].run('notifications', 'schedule')),
      );
      // Whatever is left after the concurrent ticks goes out on the next one.
      await jobs[0].run('notifications', 'schedule');
    } finally {
      await second.app.close();
    }
    const got = smtp.received.slice(before);
    expect(got).toHaveLength(30);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(30);
    const [{ n }] = await t.db.query(
      "SELECT count(*)::int AS n FROM notifications WHERE appeal_id = ANY($1) AND kind = 'acknowledgement' AND status = 'sent'",
      [ids],
    );
    expect(n).toBe(30);
  });
});
