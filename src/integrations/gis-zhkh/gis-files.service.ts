import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type * as http from 'http';
import { DataSource } from 'typeorm';
import type { IncomingFile } from '../../attachments/attachments.service';
import { screenIncomingFiles } from '../../attachments/screen-files';
import { Clock } from '../../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import {
  answerFilePlaceholder,
  answerTextDocument,
  filesToUpload,
  longAnswerNote,
  longAnswerPlaceholder,
  withUploadedFiles,
  type FileToUpload,
} from './gis-answer-files';
import { GisError } from './gis-error';
import { GisFileStoreClient } from './gis-file-store';
import { GisFileUpload } from './gis-file-upload.entity';
import type { GisOutbox } from './gis-outbox.entity';
import type { GisAppeal, GisAttachmentRef, GisImportAction } from './gis-types';

/** Rows held by the 10 000-character limit before answers went as files (issue 21). */
export const ANSWER_TOO_LONG = 'ANSWER_TOO_LONG';

export interface RowsWithFiles {
  /** Rows whose files are in the store, placeholders replaced: to send now. */
  ready: GisOutbox[];
  /** Rows whose upload failed: marked failed, retried next run. */
  failed: Array<{ row: GisOutbox; error: string }>;
  /** Later rows of an appeal whose earlier row failed: kept pending, sent in order next run. */
  deferred: GisOutbox[];
}

/**
 * Files between our appeals and the ГИС ЖКХ file store (issue 21 item 3): an exported appeal's
 * attachments are downloaded before it is registered; an answer's files (and an answer text
 * too long for AnswerText) are uploaded when its outbox row is sent, once per file
 * (gis_file_uploads).
 */
@Injectable()
export class GisFilesService {
  private readonly logger = new Logger(GisFilesService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The file store client, null when ГИС ЖКХ is not configured. */
  client(
    transport: { headers?: Readonly<Record<string, string>>; agent?: http.Agent } = {},
  ): GisFileStoreClient | null {
    const { fileStoreUrl, fileContext, orgPPAGUID, requestTimeoutMs } = this.config.gis;
    if (!fileStoreUrl || !orgPPAGUID) return null;
    return new GisFileStoreClient({
      baseUrl: fileStoreUrl,
      context: fileContext,
      hashAlgorithm: this.config.gis.attachmentHash,
      orgPPAGuid: orgPPAGUID,
      timeoutMs: requestTimeoutMs,
      ...transport,
    });
  }

  /**
   * The appeal's files, downloaded and screened as e-mail attachments are (type by content,
   * size, count): the refused are named, never block the appeal. A download failure or a hash
   * mismatch throws a GisError — a transient intake failure, the appeal is tried again next run.
   */
  async downloadAppealFiles(
    store: GisFileStoreClient | null,
    appeal: GisAppeal,
  ): Promise<{ files: IncomingFile[]; refused: string[] }> {
    if (appeal.attachments.length === 0) return { files: [], refused: [] };
    if (!store) throw new GisError('invalid-request', 'NO_FILE_STORE', 'file store not set');
    const limits = this.config.attachments;
    const candidates = [];
    for (const a of appeal.attachments) {
      const { size, content } = await store.download(a.attachmentGuid, {
        maxBytes: limits.maxFileBytes,
        expectedHash: a.hash,
      });
      candidates.push({ fileName: a.name, size, content });
    }
    const screened = await screenIncomingFiles(candidates, limits);
    this.logger.log(
      {
        appealGuid: appeal.appealGuid,
        files: screened.files.length,
        refused: screened.refused.length,
      },
      'ГИС ЖКХ appeal files downloaded',
    );
    return screened;
  }

  /**
   * Answers held as too long before they could go as files are rewritten to go as files (the
   * note, the text as `ответ.txt`, the answer's files) and released with their Executed.
   */
  async releaseTooLong(): Promise<number> {
    const rows = await this.ds.query<
      { id: string; event_id: string; payload: GisImportAction; number: string | null }[]
    >(
      `SELECT o.id, o.event_id, o.payload, a.external_refs->>'appealNumber' AS number
         FROM gis_outbox o JOIN appeals a ON a.id = o.appeal_id
        WHERE o.status = 'held' AND o.last_error LIKE $1`,
      [`${ANSWER_TOO_LONG}%`],
    );
    for (const r of rows) {
      if (r.payload.kind !== 'answer') continue;
      const files = await this.ds.query<{ id: string; fileName: string }[]>(
        `SELECT f.id, f.file_name AS "fileName" FROM attachments f
           JOIN gis_outbox o ON o.appeal_id = f.appeal_id
          WHERE o.id = $1 AND f.purpose = 'answer' AND f.status = 'stored'
          ORDER BY f.created_at, f.id`,
        [r.id],
      );
      const attachments: GisAttachmentRef[] = [
        longAnswerPlaceholder(r.event_id),
        ...files.map(answerFilePlaceholder),
      ];
      const payload: GisImportAction = {
        ...r.payload,
        answer: {
          ...r.payload.answer,
          load: { text: longAnswerNote(r.number), attachments },
        },
      };
      await this.ds.transaction(async (em) => {
        await em.query(
          `UPDATE gis_outbox SET payload = $2, status = 'pending', last_error = NULL WHERE id = $1`,
          [r.id, payload],
        );
        await em.query(
          `UPDATE gis_outbox SET status = 'pending', last_error = NULL
            WHERE event_id = $1 AND status = 'held' AND last_error = 'WAITS_FOR_ANSWER'`,
          [r.event_id],
        );
      });
    }
    if (rows.length > 0) {
      this.logger.log({ rows: rows.length }, 'Held long ГИС ЖКХ answers released as files');
    }
    return rows.length;
  }

  /**
   * Uploads the files the rows' placeholders stand for (each file once: gis_file_uploads) and
   * puts the store's AttachmentGUID and hash in their place. A row whose upload fails is not
   * sent, nor any later row of its appeal (an Executed must not overtake its answer).
   */
  async withFiles(store: GisFileStoreClient | null, rows: GisOutbox[]): Promise<RowsWithFiles> {
    const out: RowsWithFiles = { ready: [], failed: [], deferred: [] };
    const blocked = new Set<string>();
    for (const row of rows) {
      if (blocked.has(row.appealId)) {
        out.deferred.push(row);
        continue;
      }
      const needs = filesToUpload(row.payload);
      if (needs.length === 0) {
        out.ready.push(row);
        continue;
      }
      try {
        if (!store) throw new GisError('invalid-request', 'NO_FILE_STORE', 'file store not set');
        const uploaded = new Map<string, { attachmentGuid: string; hash: string }>();
        for (const need of needs) {
          uploaded.set(need.key, await this.uploadOnce(store, row, need));
        }
        out.ready.push(Object.assign(row, { payload: withUploadedFiles(row.payload, uploaded) }));
      } catch (e) {
        blocked.add(row.appealId);
        const error =
          e instanceof GisError ? `${e.kind} ${e.code}: ${e.description}` : (e as Error).name;
        out.failed.push({ row, error: `FILE_UPLOAD: ${error}` });
        this.logger.warn({ outboxId: row.id, err: error }, 'ГИС ЖКХ answer file not uploaded');
      }
    }
    return out;
  }

  private async uploadOnce(
    store: GisFileStoreClient,
    row: GisOutbox,
    need: FileToUpload,
  ): Promise<{ attachmentGuid: string; hash: string }> {
    const repo = this.ds.getRepository(GisFileUpload);
    const known = await repo.findOneBy({ attachmentId: need.key });
    if (known) return { attachmentGuid: known.attachmentGuid, hash: known.hash };
    const { content, fileName } = await this.contentOf(row, need);
    const up = await store.upload(content, fileName);
    // A concurrent send that uploaded too: the first record wins, both GUIDs are valid files.
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        attachmentId: need.key,
        attachmentGuid: up.attachmentGuid,
        hash: up.hash,
        uploadedAt: this.clock.now(),
      })
      .orIgnore()
      .execute();
    const stored = await repo.findOneByOrFail({ attachmentId: need.key });
    this.logger.log(
      { outboxId: row.id, attachmentGuid: stored.attachmentGuid, size: up.size },
      'ГИС ЖКХ file uploaded',
    );
    return { attachmentGuid: stored.attachmentGuid, hash: stored.hash };
  }

  private async contentOf(
    row: GisOutbox,
    need: FileToUpload,
  ): Promise<{ content: Buffer; fileName: string }> {
    const ref =
      row.payload.kind === 'answer'
        ? row.payload.answer.load?.attachments?.find((a) => a.attachmentGuid === need.key)
        : undefined;
    const fileName = ref?.name ?? 'file';
    if (need.kind === 'answer-text') {
      const [a] = await this.ds.query<{ text: string | null }[]>(
        'SELECT answer_text AS text FROM appeals WHERE id = $1',
        [row.appealId],
      );
      if (!a?.text) throw new GisError('invalid-request', 'ANSWER_TEXT_MISSING', row.appealId);
      return { content: answerTextDocument(a.text.trim()), fileName };
    }
    const chunks = await this.ds.query<{ data: Buffer }[]>(
      `SELECT c.data FROM attachments f
         JOIN attachment_chunks c ON c.attachment_id = coalesce(f.content_of_id, f.id)
        WHERE f.id = $1 AND f.status = 'stored'
        ORDER BY c.seq`,
      [need.key],
    );
    if (chunks.length === 0) throw new GisError('invalid-request', 'ATTACHMENT_MISSING', need.key);
    return { content: Buffer.concat(chunks.map((c) => c.data)), fileName };
  }
}
