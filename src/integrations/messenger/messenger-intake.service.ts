import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { AppealsService } from '../../appeals/appeals.service';
import { screenIncomingFiles, type CandidateFile } from '../../attachments/screen-files';
import type { ClientPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import { isPermanentIntakeFailure } from '../../common/errors/intake-failure';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IntakeService } from '../../intake/intake.service';
import {
  formatDate,
  handleUpdate,
  newDialogue,
  outLine,
  registered,
  registrationFailed,
  withTranscript,
  type DialogueOutcome,
  type DialogueReply,
  type DialogueState,
} from './dialogue';
import type { IncomingFileRef, IncomingUpdate, MessengerProvider } from './messenger-provider';
import { MessengerProviders } from './messenger-providers';
import { MESSENGER_TEXTS as T, STATUS_FOR_APPLICANT } from './messenger.texts';

/** The integration client appeals from the bots are attributed to. */
export const MESSENGER_CLIENT_NAME = 'Messenger bots';

export interface WebhookAnswer {
  processed: number;
  repeated: number;
}

/**
 * Handles provider updates (issue 24): each exactly once (a `messenger_updates` row in the same
 * transaction as its effect), under the chat's dialogue row locked FOR UPDATE, so any number of
 * instances behind one webhook share one conversation. The dialogue itself is the pure
 * `handleUpdate`; this class loads and stores its state, registers through `IntakeService` as the
 * bots' system client and sends the replies after the commit.
 */
@Injectable()
export class MessengerIntakeService {
  private readonly logger = new Logger(MessengerIntakeService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly providers: MessengerProviders,
    private readonly intake: IntakeService,
    private readonly appeals: AppealsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** A webhook request: 404 for a provider that is off, 401 without the right secret. */
  async webhook(
    code: string,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    body: unknown,
  ): Promise<WebhookAnswer> {
    const provider = this.providers.get(code);
    if (!provider) throw new AppError(ErrorCode.NOT_FOUND, 'Этот мессенджер не подключён');
    if (!provider.verifyWebhook(headers)) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Неверный секрет вебхука');
    }
    return this.processAll(provider, provider.parseWebhook(body));
  }

  async processAll(
    provider: MessengerProvider,
    updates: readonly IncomingUpdate[],
  ): Promise<WebhookAnswer> {
    const answer = { processed: 0, repeated: 0 };
    for (const u of updates) {
      if ((await this.process(provider, u)) === 'repeated') answer.repeated++;
      else answer.processed++;
    }
    return answer;
  }

  /** One update, exactly once. */
  async process(provider: MessengerProvider, update: IncomingUpdate): Promise<'done' | 'repeated'> {
    const topics = await this.ds.query<{ code: string; name: string }[]>(
      'SELECT code, name FROM topics ORDER BY name, code LIMIT 20',
    );
    const key = { provider: provider.code, chatId: update.chatId };
    let replies: DialogueReply[] = [];
    const result = await this.ds.transaction(async (em) => {
      const now = this.clock.now();
      await em.query(
        `INSERT INTO messenger_dialogues (provider, chat_id, state, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider, chat_id) DO NOTHING`,
        [key.provider, key.chatId, JSON.stringify(newDialogue(now)), now],
      );
      // Every update of a chat waits here for the one before it, on whichever instance.
      const [row] = await em.query<{ state: DialogueState }[]>(
        'SELECT state FROM messenger_dialogues WHERE provider = $1 AND chat_id = $2 FOR UPDATE',
        [key.provider, key.chatId],
      );
      const seen = await em.query<unknown[]>(
        'SELECT 1 FROM messenger_updates WHERE provider = $1 AND update_id = $2',
        [key.provider, update.updateId],
      );
      if (seen.length > 0) return 'repeated' as const;
      let outcome = handleUpdate(row.state, update, {
        provider: provider.code,
        now,
        idleMinutes: this.config.messenger.dialogueIdleMinutes,
        topics,
        maxFiles: this.config.attachments.maxFiles,
      });
      let recorded = false;
      if (outcome.action?.kind === 'status') {
        outcome = await this.status(em, outcome, key, outcome.action.regNumber, now);
      } else if (outcome.action?.kind === 'register') {
        const done = await this.register(provider, update, outcome, row.state, now);
        outcome = done.outcome;
        recorded = done.recorded;
      }
      if (!recorded) {
        await em.query(
          'INSERT INTO messenger_updates (provider, update_id, chat_id, processed_at) VALUES ($1, $2, $3, $4)',
          [key.provider, update.updateId, key.chatId, now],
        );
      }
      await em.query(
        'UPDATE messenger_dialogues SET state = $3, updated_at = $4 WHERE provider = $1 AND chat_id = $2',
        [key.provider, key.chatId, JSON.stringify(outcome.state), now],
      );
      replies = outcome.replies;
      return 'done' as const;
    });
    if (update.kind === 'callback' && update.callbackId) {
      await provider.answerCallback(update.callbackId).catch(() => undefined);
    }
    // After the commit: a reply lost to a network failure is repeated by the next question.
    for (const reply of replies) {
      try {
        await provider.send({ chatId: update.chatId, text: reply.text, buttons: reply.buttons });
      } catch (e) {
        this.logger.warn(
          { provider: provider.code, update: update.updateId, err: errorCode(e) },
          'Messenger reply not sent',
        );
      }
    }
    return result;
  }

  /** «Статус <номер>»: only an appeal registered from this very chat. */
  private async status(
    em: EntityManager,
    outcome: DialogueOutcome,
    key: { provider: string; chatId: string },
    regNumber: string,
    now: Date,
  ): Promise<DialogueOutcome> {
    const [appeal] = await em.query<{ status: string; due_date: string | null }[]>(
      `SELECT status, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM appeals
        WHERE reg_number = $1 AND channel = 'messenger'
          AND external_refs ->> 'provider' = $2 AND external_refs ->> 'chatId' = $3`,
      [regNumber, key.provider, key.chatId],
    );
    const reply: DialogueReply = {
      text: appeal
        ? T.statusOf(
            regNumber,
            STATUS_FOR_APPLICANT[appeal.status] ?? appeal.status,
            appeal.status === 'answered' || !appeal.due_date ? null : formatDate(appeal.due_date),
          )
        : T.statusUnknown(regNumber),
    };
    return {
      state: withTranscript(outcome.state, [outLine(reply, now)]),
      replies: [...outcome.replies, reply],
      action: null,
    };
  }

  /**
   * Registers the collected appeal through the ordinary path. The update's row and the
   * transcript are written in the registering transaction; the Idempotency-Key (the chat and the
   * dialogue's start) makes a second «Отправить» after a crash return the same appeal.
   */
  private async register(
    provider: MessengerProvider,
    update: IncomingUpdate,
    outcome: DialogueOutcome,
    before: DialogueState,
    now: Date,
  ): Promise<{ outcome: DialogueOutcome; recorded: boolean }> {
    if (outcome.action?.kind !== 'register') return { outcome, recorded: false };
    const principal = await this.principal();
    const { files, refused } = await this.download(provider, outcome.action.files);
    let recorded = false;
    try {
      const result = await this.intake.register(
        outcome.action.body,
        files,
        { principal, requestId: `messenger:${provider.code}:${update.updateId}` },
        `messenger:${provider.code}:${update.chatId}:${before.startedAt}`,
        async (em, appeal) => {
          await em.query(
            'INSERT INTO messenger_updates (provider, update_id, chat_id, appeal_id, processed_at) VALUES ($1, $2, $3, $4, $5)',
            [provider.code, update.updateId, update.chatId, appeal.id, now],
          );
          recorded = true;
          // Operators see the thread: what the person wrote and what the bot asked (issue 24).
          await this.appeals.addEvent(em, appeal.id, principal, {
            type: 'messenger_transcript',
            at: now,
            reason: 'Переписка с заявителем в мессенджере',
            data: {
              provider: provider.code,
              transcript: outcome.state.transcript,
              ...(refused.length > 0 ? { refusedFiles: refused } : {}),
            },
          });
        },
      );
      const body = result.body;
      const done = registered(outcome.state, body.regNumber, body.dueDate ?? '', now);
      return { outcome: done, recorded };
    } catch (e) {
      // Refused for good (invalid input, an unknown topic…): back to the summary; anything that
      // may pass later rolls the update back, so the provider delivers it again.
      if (e instanceof AppError && isPermanentIntakeFailure(e)) {
        this.logger.warn(
          { provider: provider.code, update: update.updateId, code: e.code },
          'Messenger appeal refused',
        );
        return { outcome: registrationFailed(outcome.state, now), recorded: false };
      }
      throw e;
    }
  }

  /** The dialogue's files, fetched now and screened like any channel's (type by content, limits). */
  private async download(
    provider: MessengerProvider,
    refs: readonly IncomingFileRef[],
  ): Promise<{
    files: Awaited<ReturnType<typeof screenIncomingFiles>>['files'];
    refused: string[];
  }> {
    const max = this.config.attachments.maxFileBytes;
    const candidates: CandidateFile[] = [];
    for (const ref of refs) {
      const fileName = ref.fileName ?? ref.fileId;
      try {
        const got = await provider.downloadFile(ref, max);
        candidates.push({ fileName: got.fileName, size: got.content.length, content: got.content });
      } catch (e) {
        this.logger.warn(
          { provider: provider.code, err: errorCode(e) },
          'Messenger file not fetched',
        );
        candidates.push({ fileName, size: ref.size ?? 0, content: null });
      }
    }
    return screenIncomingFiles(candidates, this.config.attachments);
  }

  private principal(): Promise<ClientPrincipal> {
    return this.apiKeys.systemClient(MESSENGER_CLIENT_NAME, 'messenger-bots', 'messenger');
  }
}

const errorCode = (e: unknown): string =>
  e instanceof Error
    ? 'failure' in e
      ? String((e as { failure: unknown }).failure)
      : e.name
    : 'unknown';
