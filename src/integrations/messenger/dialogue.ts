import type { CreateAppealDto } from '../../intake/create-appeal.dto';
import { toDraft } from '../../intake/to-draft';
import { checkMandatoryFields } from '../../rules/mandatory-fields.rule';
import type {
  IncomingFileRef,
  IncomingUpdate,
  InlineButtons,
  MessengerProviderCode,
} from './messenger-provider';
import { MESSENGER_TEXTS as T } from './messenger.texts';

/**
 * The bot's conversation as a pure state machine (issue 24): state + update → new state, the
 * replies and at most one request for the service (register, or look up a status). The state is
 * kept in `messenger_dialogues`; nothing here touches the database or the network.
 */
export type DialogueStep =
  | 'idle'
  | 'topic'
  | 'name'
  | 'accountNumber'
  | 'serviceAddress'
  | 'text'
  | 'files'
  | 'confirm'
  | 'registering';

export interface TranscriptLine {
  at: string;
  dir: 'in' | 'out';
  /** Text only; files by name (personal data stays in the appeal, never in logs). */
  text: string;
  files?: string[];
}

export interface DialogueState {
  step: DialogueStep;
  /** When this conversation began: with the chat, the registration's idempotency key. */
  startedAt: string;
  lastActivityAt: string;
  topicCode: string | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  accountNumber: string | null;
  serviceAddress: string | null;
  text: string | null;
  files: IncomingFileRef[];
  transcript: TranscriptLine[];
}

export interface DialogueReply {
  text: string;
  buttons?: InlineButtons;
}

export type DialogueAction =
  | { kind: 'register'; body: CreateAppealDto; files: IncomingFileRef[] }
  | { kind: 'status'; regNumber: string };

export interface DialogueContext {
  provider: MessengerProviderCode;
  now: Date;
  idleMinutes: number;
  topics: readonly { code: string; name: string }[];
  maxFiles: number;
}

export interface DialogueOutcome {
  state: DialogueState;
  replies: DialogueReply[];
  action: DialogueAction | null;
}

/** The longest free-text answer kept (the appeal's own limits apply at registration too). */
export const MAX_ANSWER_CHARS = 5000;
const MAX_TRANSCRIPT_LINES = 200;

export const CALLBACK = {
  topic: 'topic:',
  done: 'done',
  submit: 'submit',
  cancel: 'cancel',
} as const;

const STATUS_QUERY = /^\s*\/?статус\s+([\p{L}\p{N}/-]{1,40})\s*$/iu;

export function newDialogue(now: Date): DialogueState {
  return {
    step: 'idle',
    startedAt: now.toISOString(),
    lastActivityAt: now.toISOString(),
    topicCode: null,
    lastName: null,
    firstName: null,
    middleName: null,
    accountNumber: null,
    serviceAddress: null,
    text: null,
    files: [],
    transcript: [],
  };
}

/** The appeal the dialogue has collected so far, as the API takes it. */
export function appealBodyOf(
  state: DialogueState,
  provider: MessengerProviderCode,
  chatId: string,
): CreateAppealDto {
  return {
    channel: 'messenger',
    applicant: {
      type: 'individual',
      lastName: state.lastName,
      firstName: state.firstName,
      middleName: state.middleName,
    },
    accountNumber: state.accountNumber,
    serviceAddress: state.serviceAddress,
    topicCode: state.topicCode,
    text: state.text,
    externalRefs: { provider, chatId },
  };
}

/**
 * The next thing to ask: the first gap the mandatory-field check (SPEC §3) finds, so the bot
 * asks exactly for what registration would refuse without.
 */
export function nextQuestion(state: DialogueState): DialogueStep | null {
  const issues = checkMandatoryFields(toDraft(appealBodyOf(state, 'telegram', 'x')));
  for (const issue of issues) {
    if (issue.field === 'applicant.lastName' || issue.field === 'applicant.firstName')
      return 'name';
    if (issue.field === 'accountNumber') return 'accountNumber';
    if (issue.field === 'serviceAddress') return 'serviceAddress';
    if (issue.field === 'text') return 'text';
  }
  return null;
}

const cancelRow = [{ text: T.buttonCancel, data: CALLBACK.cancel }];

function question(step: DialogueStep): DialogueReply {
  switch (step) {
    case 'name':
      return { text: T.askName, buttons: [cancelRow] };
    case 'accountNumber':
      return { text: T.askAccountNumber, buttons: [cancelRow] };
    case 'serviceAddress':
      return { text: T.askServiceAddress, buttons: [cancelRow] };
    case 'text':
      return { text: T.askText, buttons: [cancelRow] };
    case 'files':
      return {
        text: T.askFiles,
        buttons: [[{ text: T.buttonDone, data: CALLBACK.done }, ...cancelRow]],
      };
    default:
      return { text: T.askName };
  }
}

function topicsPrompt(ctx: DialogueContext): DialogueReply {
  const rows = ctx.topics
    .slice(0, 20)
    .map((t) => [{ text: t.name, data: `${CALLBACK.topic}${t.code}` }]);
  return {
    text: T.chooseTopic,
    buttons: [...rows, [{ text: T.topicOther, data: `${CALLBACK.topic}` }], cancelRow],
  };
}

function summary(state: DialogueState, ctx: DialogueContext): DialogueReply {
  const topic = ctx.topics.find((t) => t.code === state.topicCode)?.name ?? null;
  return {
    text: T.summary({
      topic,
      name: [state.lastName, state.firstName, state.middleName].filter(Boolean).join(' '),
      accountNumber: state.accountNumber ?? '',
      serviceAddress: state.serviceAddress ?? '',
      text: state.text ?? '',
      files: state.files.map((f) => f.fileName ?? f.fileId),
    }),
    buttons: [
      [
        { text: T.buttonSubmit, data: CALLBACK.submit },
        { text: T.buttonCancel, data: CALLBACK.cancel },
      ],
    ],
  };
}

/** Parses «Фамилия Имя [Отчество]»; null when fewer than two words. */
export function parseFullName(
  text: string,
): { lastName: string; firstName: string; middleName: string | null } | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.some((w) => w.length > 100)) return null;
  const [lastName, firstName, ...rest] = words;
  return { lastName, firstName, middleName: rest.length > 0 ? rest.join(' ') : null };
}

/** After the topic, or after an answer: the next gap, else files, else the summary. */
function advance(state: DialogueState, ctx: DialogueContext): DialogueOutcome {
  const next = nextQuestion(state);
  if (next) return { state: { ...state, step: next }, replies: [question(next)], action: null };
  if (state.step === 'text')
    return { state: { ...state, step: 'files' }, replies: [question('files')], action: null };
  return { state: { ...state, step: 'confirm' }, replies: [summary(state, ctx)], action: null };
}

function acceptFiles(
  state: DialogueState,
  files: readonly IncomingFileRef[],
  ctx: DialogueContext,
): { state: DialogueState; replies: DialogueReply[] } {
  const replies: DialogueReply[] = [];
  let kept = state.files;
  for (const f of files) {
    if (kept.length >= ctx.maxFiles) {
      replies.push({ text: T.tooManyFiles(ctx.maxFiles) });
      continue;
    }
    kept = [...kept, f];
  }
  if (kept.length > state.files.length) replies.push({ text: T.fileAccepted(kept.length) });
  return { state: { ...state, files: kept }, replies };
}

function reset(ctx: DialogueContext): DialogueState {
  return newDialogue(ctx.now);
}

function core(prior: DialogueState, update: IncomingUpdate, ctx: DialogueContext): DialogueOutcome {
  const text = update.kind === 'text' ? (update.text ?? '').trim() : '';
  const data = update.kind === 'callback' ? (update.callbackData ?? '') : null;

  if (text === '/cancel' || data === CALLBACK.cancel) {
    return { state: reset(ctx), replies: [{ text: T.cancelled }], action: null };
  }
  const status = update.kind === 'text' ? STATUS_QUERY.exec(text) : null;
  if (status)
    return { state: prior, replies: [], action: { kind: 'status', regNumber: status[1] } };

  let state = prior;
  const replies: DialogueReply[] = [];
  if (state.step !== 'idle' && !isIdleExpired(state, ctx)) {
    // carried on below
  } else {
    if (state.step !== 'idle') replies.push({ text: T.restartedAfterIdle });
    state = { ...reset(ctx), step: 'topic' };
    return { state, replies: [...replies, { text: T.greeting }, topicsPrompt(ctx)], action: null };
  }
  if (update.kind === 'start') {
    state = { ...reset(ctx), step: 'topic' };
    return { state, replies: [{ text: T.greeting }, topicsPrompt(ctx)], action: null };
  }

  // Files are welcome at any step before the summary.
  if (update.files.length > 0 && state.step !== 'confirm' && state.step !== 'registering') {
    const accepted = acceptFiles(state, update.files, ctx);
    state = accepted.state;
    replies.push(...accepted.replies);
  }

  switch (state.step) {
    case 'topic': {
      if (data?.startsWith(CALLBACK.topic)) {
        const code = data.slice(CALLBACK.topic.length);
        const known = ctx.topics.some((t) => t.code === code);
        const out = advance({ ...state, topicCode: known ? code : null }, ctx);
        return { ...out, replies: [...replies, ...out.replies] };
      }
      return { state, replies: [...replies, topicsPrompt(ctx)], action: null };
    }
    case 'name':
    case 'accountNumber':
    case 'serviceAddress':
    case 'text': {
      if (update.kind !== 'text' || !text) {
        // A photo with no caption while the question is still open: keep it, ask again.
        return {
          state,
          replies: [
            ...replies,
            ...(update.files.length > 0 ? [] : [{ text: T.blank }]),
            question(state.step),
          ],
          action: null,
        };
      }
      if (text.length > MAX_ANSWER_CHARS) {
        return {
          state,
          replies: [...replies, { text: T.tooLong(MAX_ANSWER_CHARS) }],
          action: null,
        };
      }
      if (state.step === 'name') {
        const name = parseFullName(text);
        if (!name) return { state, replies: [...replies, { text: T.badName }], action: null };
        state = { ...state, ...name };
      } else {
        state = { ...state, [state.step]: text };
      }
      const out = advance(state, ctx);
      return { ...out, replies: [...replies, ...out.replies] };
    }
    case 'files': {
      if (data === CALLBACK.done) {
        const out = advance({ ...state, step: 'confirm' }, ctx);
        return { ...out, replies: [...replies, ...out.replies] };
      }
      if (update.files.length > 0) return { state, replies, action: null };
      return { state, replies: [...replies, question('files')], action: null };
    }
    case 'confirm': {
      if (data === CALLBACK.submit) {
        return {
          state: { ...state, step: 'registering' },
          replies: [],
          action: {
            kind: 'register',
            body: appealBodyOf(state, ctx.provider, update.chatId),
            files: state.files,
          },
        };
      }
      return { state, replies: [summary(state, ctx)], action: null };
    }
    case 'registering':
      // A registration that did not finish (a crash): «Отправить» again replays it.
      if (data === CALLBACK.submit) {
        return {
          state,
          replies: [],
          action: {
            kind: 'register',
            body: appealBodyOf(state, ctx.provider, update.chatId),
            files: state.files,
          },
        };
      }
      return { state, replies: [{ text: T.registering }], action: null };
    case 'idle':
      return { state, replies, action: null };
  }
}

export function isIdleExpired(
  state: DialogueState,
  ctx: Pick<DialogueContext, 'now' | 'idleMinutes'>,
): boolean {
  return ctx.now.getTime() - Date.parse(state.lastActivityAt) > ctx.idleMinutes * 60_000;
}

/** One update: the new state (with the transcript), the replies, maybe a request. */
export function handleUpdate(
  prior: DialogueState | null,
  update: IncomingUpdate,
  ctx: DialogueContext,
): DialogueOutcome {
  const out = core(prior ?? newDialogue(ctx.now), update, ctx);
  const inLine: TranscriptLine = {
    at: update.receivedAt.toISOString(),
    dir: 'in',
    text: update.kind === 'callback' ? `[${update.callbackData ?? ''}]` : (update.text ?? ''),
    ...(update.files.length > 0 ? { files: update.files.map((f) => f.fileName ?? f.fileId) } : {}),
  };
  const state = withTranscript({ ...out.state, lastActivityAt: ctx.now.toISOString() }, [
    inLine,
    ...out.replies.map((r) => outLine(r, ctx.now)),
  ]);
  return { ...out, state };
}

export function outLine(reply: DialogueReply, now: Date): TranscriptLine {
  return { at: now.toISOString(), dir: 'out', text: reply.text };
}

export function withTranscript(state: DialogueState, lines: TranscriptLine[]): DialogueState {
  return { ...state, transcript: [...state.transcript, ...lines].slice(-MAX_TRANSCRIPT_LINES) };
}

/** After the registration: the number and the date, and the dialogue starts over. */
export function registered(
  state: DialogueState,
  regNumber: string,
  dueDate: string,
  now: Date,
): DialogueOutcome {
  const reply = { text: T.registered(regNumber, formatDate(dueDate)) };
  return { state: { ...newDialogue(now) }, replies: [reply], action: null };
}

/** The registration was refused (invalid input): back to the summary to fix or cancel. */
export function registrationFailed(state: DialogueState, now: Date): DialogueOutcome {
  const reply = { text: T.registrationFailed, buttons: [cancelRow] };
  return {
    state: withTranscript({ ...state, step: 'confirm', lastActivityAt: now.toISOString() }, [
      outLine(reply, now),
    ]),
    replies: [reply],
    action: null,
  };
}

/** 2026-05-12 → 12.05.2026, as people write dates. */
export function formatDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : isoDate;
}
