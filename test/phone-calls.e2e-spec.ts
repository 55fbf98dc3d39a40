import type { Response } from 'superagent';
import { sineWav } from './support/audio';
import { startTestApp, type TestApp } from './support/test-app';

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

/**
 * A stand-in call-centre client (issue 23): posts calls the way a telephony platform would,
 * with the recording it "recorded" — a WAV of a sine tone written here, nothing downloaded.
 */
class CallCentreClient {
  private seq = 0;
  constructor(
    private readonly t: TestApp,
    private readonly apiKey: string,
  ) {}

  call(over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      callId: `vm-${process.pid}-${++this.seq}`,
      source: 'voice_mail',
      callerNumber: '+7 912 345-67-89',
      startedAt: '2026-04-10T06:55:00Z',
      durationSeconds: 42,
      transcript: 'Здравствуйте, в доме по улице Ленина, 1 третий день нет горячей воды.',
      transcriptConfidence: 0.91,
      applicant: {
        lastName: 'Петрова',
        firstName: 'Анна',
        postalAddress: 'г. Пермь, ул. Ленина, 1, кв. 2',
      },
      accountNumber: '1234567890',
      serviceAddress: 'г. Пермь, ул. Ленина, 1, кв. 2',
      ...over,
    };
  }

  postJson(call: Record<string, unknown>, key = this.apiKey) {
    return this.t.http.post('/api/v1/intake/calls').set('X-API-Key', key).send(call);
  }

  postWithRecording(
    call: Record<string, unknown>,
    recording: Buffer,
    fileName = 'call.wav',
    key = this.apiKey,
  ) {
    return this.t.http
      .post('/api/v1/intake/calls')
      .set('X-API-Key', key)
      .field('call', JSON.stringify(call))
      .attach('recording', recording, { filename: fileName, contentType: 'audio/wav' });
  }
}

describe('POST /intake/calls (the phone channel)', () => {
  let t: TestApp;
  let client: CallCentreClient;
  let phoneKey: string;
  let webKey: string;

  beforeAll(async () => {
    // Recordings here are a few KiB; 64 KiB lets a test go over the limit cheaply.
    t = await startTestApp({
      now: '2026-04-10T10:00:00+03:00',
      env: { ATTACHMENT_MAX_BYTES: String(64 * 1024) },
    });
    phoneKey = (await t.createApiKey(['phone'])).key;
    webKey = (await t.createApiKey(['web'])).key;
    client = new CallCentreClient(t, phoneKey);
  });
  afterAll(() => t.close());

  const counts = async (): Promise<Record<string, number>> => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM appeals) AS appeals,
              (SELECT count(*)::int FROM attachments) AS attachments,
              (SELECT count(*)::int FROM attachment_chunks) AS chunks`,
    );
    return row as Record<string, number>;
  };
  const appeal = async (id: string) =>
    (await t.http.get(`/api/v1/appeals/${id}`).auth(t.adminToken, { type: 'bearer' }).expect(200))
      .body;

  it('registers a voice-mail call with its recording: number and time for the operator', async () => {
    const wav = sineWav(0.5);
    const call = client.call();
    const res = await client.postWithRecording(call, wav).expect(201);
    expect(res.body).toEqual({
      result: 'created',
      appealId: expect.any(String),
      regNumber: expect.stringMatching(/^2026-\d{6}$/),
      registeredAt: '2026-04-10T07:00:00.000Z',
    });
    const a = await appeal(res.body.appealId);
    expect(a).toMatchObject({
      channel: 'phone',
      status: expect.stringMatching(/^(registered|assigned)$/),
      receivedAt: '2026-04-10T06:55:00.000Z',
      replyChannel: 'post',
      applicant: { lastName: 'Петрова', phone: '+7 912 345-67-89' },
      externalRefs: { callId: call.callId, source: 'voice_mail', transcriptConfidence: '0.91' },
      validationIssues: [],
    });
    expect(a.text).toMatch(/^Голосовое сообщение 10\.04\.2026 в 09:55/);
    expect(a.text).toContain('нет горячей воды');
    expect(a.attachments).toHaveLength(1);
    expect(a.attachments[0]).toMatchObject({ contentType: 'audio/wav', size: wav.length });
    const file = await t.http
      .get(`/api/v1/appeals/${a.id}/attachments/${a.attachments[0].id}`)
      .set('X-API-Key', phoneKey)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(file.body as Buffer, wav)).toBe(0);
  });

  it('registers a call with gaps anyway, the gaps as validationIssues', async () => {
    const res = await client
      .postJson(client.call({ applicant: undefined, accountNumber: undefined, transcript: '' }))
      .expect(201);
    const a = await appeal(res.body.appealId);
    expect(a.applicant.phone).toBe('+7 912 345-67-89');
    expect(a.validationIssues.map((i: { field: string }) => i.field)).toEqual(
      expect.arrayContaining(['applicant.lastName', 'accountNumber', 'text']),
    );
  });

  it('registers the same call posted twice once, answering the retry with the first result', async () => {
    // Another caller: a call like the first test's would join it as a duplicate, files and all.
    const call = client.call({
      applicant: { lastName: 'Смирнов', firstName: 'Олег', postalAddress: 'г. Пермь, ул. Мира, 5' },
      accountNumber: '5550001112',
      transcript: 'Батареи в квартире холодные со вчерашнего вечера.',
    });
    const wav = sineWav(0.2);
    const before = await counts();
    const first = await client.postWithRecording(call, wav).expect(201);
    const again = await client.postWithRecording(call, wav).expect(201);
    expect(again.body).toEqual({ ...first.body, result: 'repeated' });
    const after = await counts();
    expect(after.appeals).toBe(before.appeals + 1);
    expect(after.attachments).toBe(before.attachments + 1);
  });

  it('registers one appeal when the same call races itself', async () => {
    const call = client.call();
    const before = await counts();
    const results = await Promise.all([client.postJson(call), client.postJson(call)]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(new Set(results.map((r) => r.body.appealId)).size).toBe(1);
    expect(results.map((r) => r.body.result).sort()).toEqual(['created', 'repeated']);
    expect((await counts()).appeals).toBe(before.appeals + 1);
  });

  it('refuses the same callId with another body (422), registering nothing', async () => {
    const call = client.call();
    await client.postJson(call).expect(201);
    const before = await counts();
    const res = await client.postJson({ ...call, transcript: 'Совсем другой звонок.' }).expect(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await counts()).toEqual(before);
  });

  it('keeps call ids of different systems apart', async () => {
    const other = new CallCentreClient(t, (await t.createApiKey(['phone'])).key);
    const call = client.call();
    const a = await client.postJson(call).expect(201);
    const b = await other.postJson(call).expect(201);
    expect(b.body.result).toBe('created');
    expect(b.body.appealId).not.toBe(a.body.appealId);
  });

  it('sends an abusive transcript to review: registered, numbered, and flagged', async () => {
    const res = await client
      .postJson(client.call({ transcript: 'Вы там все идиоты, б л я т ь, когда почините трубу?!' }))
      .expect(201);
    const a = await appeal(res.body.appealId);
    expect(a.regNumber).toBe(res.body.regNumber);
    expect(a.status).toBe('under_review');
    expect(a.checks).toContainEqual(
      expect.objectContaining({ rule: 'abusive', verdict: 'review' }),
    );
  });

  it('refuses a recording that is not audio (a PDF), storing nothing', async () => {
    const before = await counts();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await client.postWithRecording(client.call(), pdf, 'call.wav').expect(422);
    expect(res.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(await counts()).toEqual(before);
  });

  it('refuses a recording over ATTACHMENT_MAX_BYTES, storing nothing', async () => {
    const before = await counts();
    const res = await client.postWithRecording(client.call(), sineWav(5)).expect(413);
    expect(res.body.code).toBe('ATTACHMENT_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('refuses a recording in a part not named recording', async () => {
    const before = await counts();
    await t.http
      .post('/api/v1/intake/calls')
      .set('X-API-Key', phoneKey)
      .field('call', JSON.stringify(client.call()))
      .attach('files', sineWav(0.1), 'call.wav')
      .expect(422);
    expect(await counts()).toEqual(before);
  });

  it('refuses a call without a callId (422), storing nothing', async () => {
    const before = await counts();
    const res = await client
      .postWithRecording(client.call({ callId: undefined }), sineWav(0.1))
      .expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'callId' }));
    expect(await counts()).toEqual(before);
  });

  it('refuses an API key without the phone channel (403)', async () => {
    const res = await client.postJson(client.call(), webKey).expect(403);
    expect(res.body.code).toBe('CHANNEL_NOT_ALLOWED');
  });

  it('lets a clerk register a call taken by hand', async () => {
    const clerk = await t.createStaff(['clerk']);
    const res = await t.http
      .post('/api/v1/intake/calls')
      .auth(clerk.token, { type: 'bearer' })
      .send(client.call({ source: 'call_centre', operator: 'Сидорова' }))
      .expect(201);
    expect((await appeal(res.body.appealId)).externalRefs.operator).toBe('Сидорова');
  });
});
