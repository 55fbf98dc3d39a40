import {
  CALLBACK,
  handleUpdate,
  newDialogue,
  nextQuestion,
  parseFullName,
  registered,
  type DialogueContext,
  type DialogueState,
} from './dialogue';
import type { IncomingUpdate } from './messenger-provider';

const now = new Date('2026-04-10T09:00:00Z');
const ctx: DialogueContext = {
  provider: 'telegram',
  now,
  idleMinutes: 30,
  topics: [{ code: 'heating', name: 'Отопление' }],
  maxFiles: 2,
};
let seq = 0;
const text = (t: string, extra: Partial<IncomingUpdate> = {}): IncomingUpdate => ({
  updateId: String(++seq),
  chatId: '42',
  kind: 'text',
  text: t,
  files: [],
  receivedAt: now,
  ...extra,
});
const press = (data: string): IncomingUpdate => ({
  updateId: String(++seq),
  chatId: '42',
  kind: 'callback',
  callbackData: data,
  callbackId: `cb${seq}`,
  files: [],
  receivedAt: now,
});
const photo = (name: string): IncomingUpdate => ({
  ...text(''),
  text: undefined,
  files: [{ fileId: `f-${name}`, fileName: name }],
});

function run(updates: IncomingUpdate[], from: DialogueState | null = null, c = ctx) {
  let state = from;
  const outs = [];
  for (const u of updates) {
    const out = handleUpdate(state, u, c);
    state = out.state;
    outs.push(out);
  }
  return { state: state!, outs, last: outs[outs.length - 1] };
}

describe('messenger dialogue', () => {
  it('greets and offers the topics as buttons on the first message', () => {
    const { last, state } = run([text('/start', { kind: 'start' })]);
    expect(state.step).toBe('topic');
    expect(last.replies[1].buttons?.[0]).toEqual([{ text: 'Отопление', data: 'topic:heating' }]);
  });

  it('asks for exactly the missing mandatory fields, then files, then a summary, then registers', () => {
    const { outs, state, last } = run([
      text('Здравствуйте'),
      press('topic:heating'),
      text('Иванова Мария Петровна'),
      text('12345'),
      text('ул. Ленина, 1, кв. 2'),
      text('Холодные батареи'),
      photo('photo.jpg'),
      press(CALLBACK.done),
      press(CALLBACK.submit),
    ]);
    expect(outs.map((o) => o.state.step)).toEqual([
      'topic',
      'name',
      'accountNumber',
      'serviceAddress',
      'text',
      'files',
      'files',
      'confirm',
      'registering',
    ]);
    expect(outs[7].replies[0].text).toContain('Холодные батареи');
    expect(last.action).toEqual({
      kind: 'register',
      body: expect.objectContaining({
        channel: 'messenger',
        topicCode: 'heating',
        applicant: {
          type: 'individual',
          lastName: 'Иванова',
          firstName: 'Мария',
          middleName: 'Петровна',
        },
        accountNumber: '12345',
        serviceAddress: 'ул. Ленина, 1, кв. 2',
        text: 'Холодные батареи',
        externalRefs: { provider: 'telegram', chatId: '42' },
      }),
      files: [{ fileId: 'f-photo.jpg', fileName: 'photo.jpg' }],
    });
    // The transcript keeps what was written both ways, files by name.
    expect(state.transcript.some((l) => l.dir === 'in' && l.text === 'Холодные батареи')).toBe(
      true,
    );
    expect(state.transcript.some((l) => l.files?.includes('photo.jpg'))).toBe(true);
    expect(state.transcript.some((l) => l.dir === 'out' && l.text.startsWith('Проверьте'))).toBe(
      true,
    );
  });

  it('asks again for a name of one word', () => {
    const { state, last } = run([text('hi'), press('topic:heating'), text('Иванова')]);
    expect(state.step).toBe('name');
    expect(last.replies[0].text).toContain('фамилия и имя');
  });

  it('needs no e-mail or postal address: the chat is the reply address', () => {
    const s: DialogueState = {
      ...newDialogue(now),
      lastName: 'И',
      firstName: 'М',
      accountNumber: '1',
      serviceAddress: 'a',
      text: 't',
    };
    expect(nextQuestion(s)).toBeNull();
  });

  it('refuses files over the limit and keeps the others', () => {
    const { state, last } = run([
      text('hi'),
      press('topic:heating'),
      photo('1.jpg'),
      photo('2.jpg'),
      photo('3.jpg'),
    ]);
    expect(state.files.map((f) => f.fileName)).toEqual(['1.jpg', '2.jpg']);
    expect(last.replies[0].text).toContain('не больше 2');
  });

  it('ends on /cancel and on the cancel button', () => {
    expect(run([text('hi'), press('topic:heating'), text('/cancel')]).state.step).toBe('idle');
    expect(run([text('hi'), press(CALLBACK.cancel)]).state.step).toBe('idle');
  });

  it('starts over after MESSENGER_DIALOGUE_IDLE_MINUTES of silence', () => {
    const { state } = run([text('hi'), press('topic:heating'), text('Иванова Мария')]);
    const later = { ...ctx, now: new Date(now.getTime() + 31 * 60_000) };
    const out = handleUpdate(state, text('12345'), later);
    expect(out.state.step).toBe('topic');
    expect(out.state.lastName).toBeNull();
    expect(out.replies[0].text).toContain('начнём заново');
    // Within the idle time it carries on.
    const soon = { ...ctx, now: new Date(now.getTime() + 29 * 60_000) };
    expect(handleUpdate(state, text('12345'), soon).state.accountNumber).toBe('12345');
  });

  it('turns «Статус <номер>» into a status request at any step, keeping the dialogue', () => {
    const { state } = run([text('hi'), press('topic:heating')]);
    const out = handleUpdate(state, text('Статус 2026-000123'), ctx);
    expect(out.action).toEqual({ kind: 'status', regNumber: '2026-000123' });
    expect(out.state.step).toBe('name');
  });

  it('does not register before the summary is confirmed', () => {
    const { outs } = run([text('hi'), press(CALLBACK.submit)]);
    expect(outs.every((o) => o.action === null)).toBe(true);
  });

  it('answers the registration with the number and the due date and starts over', () => {
    const out = registered(newDialogue(now), '2026-000001', '2026-05-08', now);
    expect(out.replies[0].text).toContain('2026-000001');
    expect(out.replies[0].text).toContain('08.05.2026');
    expect(out.state.step).toBe('idle');
  });

  it('parses full names', () => {
    expect(parseFullName(' Иванов  Иван ')).toEqual({
      lastName: 'Иванов',
      firstName: 'Иван',
      middleName: null,
    });
    expect(parseFullName('Иванов')).toBeNull();
  });
});
