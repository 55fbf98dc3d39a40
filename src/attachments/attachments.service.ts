import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { actorOf, type Principal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { sha256Hex } from '../common/stable-json';
import { Clock } from '../common/time/clock';
import { AttachmentChunk, CHUNK_BYTES } from './attachment-chunk.entity';
import { Attachment, type AttachmentPurpose } from './attachment.entity';
import type { StagingSink } from './chunked-storage.engine';
import { detectContentType } from './content-sniffing';
import { emptyFile, typeNotAllowed } from './attachment-errors';

/**
 * A file for an appeal: streamed into a staging row by the upload interceptor, or held in memory
 * (e-mail intake, where the whole message is parsed at once anyway).
 */
export interface IncomingFile {
  originalname: string;
  /** As declared by the sender: never trusted, never stored. */
  mimetype: string;
  size: number;
  /**
   * In-memory content. For a streamed upload the content is already in the database and this is
   * its 32-byte sha256 digest, so fingerprints of a request (Idempotency-Key) still depend on the
   * content; read `sha256` instead where you can.
   */
  buffer: Buffer;
  fieldname?: string;
  /** Streamed uploads: the staging row holding the content, its hash and detected type. */
  stagingId?: string;
  sha256?: string;
  contentType?: string;
}

type StagedFile = IncomingFile & { stagingId: string; sha256: string };

export interface AttachmentMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export const toAttachmentMeta = (a: Attachment): AttachmentMeta => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
  sha256: a.sha256 ?? '',
  createdAt: a.createdAt.toISOString(),
});

/** Staging uploads older than this were abandoned: no request takes that long. */
export const STAGING_TTL_MS = 60 * 60_000;

const MAX_NAME = 255;

@Injectable()
export class AttachmentsService implements StagingSink {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  // --- staging (called by the storage engine while a request streams in, outside transactions)

  async begin(file: {
    fileName: string;
    contentType: string;
    uploader: Principal | undefined;
  }): Promise<string> {
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO attachments (status, file_name, content_type, uploaded_by_user_id, uploaded_by_api_key_id, created_at)
       VALUES ('staging', $1, $2, $3, $4, $5) RETURNING id`,
      [
        cleanFileName(file.fileName),
        file.contentType,
        file.uploader ? actorOf(file.uploader).actorUserId : null,
        file.uploader ? actorOf(file.uploader).actorApiKeyId : null,
        this.clock.now(),
      ],
    );
    return rows[0].id;
  }

  async writeChunk(attachmentId: string, seq: number, data: Buffer): Promise<void> {
    await this.ds.query(
      'INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)',
      [attachmentId, seq, data],
    );
  }

  async finish(
    attachmentId: string,
    result: { size: number; sha256: string; contentType: string },
  ): Promise<void> {
    const [, affected] = await this.ds.query<[unknown, number]>(
      `UPDATE attachments SET size = $2, sha256 = $3, content_type = $4
       WHERE id = $1 AND status = 'staging'`,
      [attachmentId, result.size, result.sha256, result.contentType],
    );
    if (affected !== 1) throw new Error(`Staging attachment ${attachmentId} disappeared`);
  }

  /** Deletes staging uploads (their chunks go by cascade); linked files are never touched. */
  async discard(attachmentIds: string[]): Promise<void> {
    if (attachmentIds.length === 0) return;
    await this.ds.query(`DELETE FROM attachments WHERE id = ANY($1) AND status = 'staging'`, [
      attachmentIds,
    ]);
  }

  /**
   * Staging uploads nobody linked (the instance died half-way) are safe to delete after
   * STAGING_TTL_MS: a request that links them would have finished long before. Cheap when there
   * are none (a partial index holds only staging rows).
   */
  async deleteStaleStaging(olderThan: Date): Promise<number> {
    const [, affected] = await this.ds.query<[unknown, number]>(
      `DELETE FROM attachments WHERE status = 'staging' AND created_at < $1`,
      [olderThan],
    );
    return affected;
  }

  // --- linking, in the caller's transaction

  /**
   * Attaches files to an appeal in the caller's transaction and returns, for each file in order,
   * its attachment — an earlier one when the appeal already has the same content, which is then
   * kept once (a staged duplicate is deleted). No type or count checks for streamed files here:
   * the storage engine checked the content, the callers the counts.
   */
  async store(
    em: EntityManager,
    appealId: string,
    files: IncomingFile[],
    principal: Principal,
    purpose: AttachmentPurpose = 'appeal',
  ): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const f of files) {
      out.push(
        isStaged(f)
          ? await this.link(em, appealId, f, purpose)
          : await this.storeBuffered(em, appealId, f, principal, purpose),
      );
    }
    return out;
  }

  /**
   * The duplicate rule (SPEC §4) joins a new appeal to the open case with its files: the case
   * gets rows of its own that share the bytes of `sources` (no copy of the content).
   */
  async copyTo(
    em: EntityManager,
    appealId: string,
    sources: Attachment[],
    principal: Principal,
  ): Promise<void> {
    const { actorUserId, actorApiKeyId } = actorOf(principal);
    for (const s of sources) {
      await em
        .createQueryBuilder()
        .insert()
        .into(Attachment)
        .values({
          appealId,
          status: 'stored',
          fileName: s.fileName,
          contentType: s.contentType,
          size: s.size,
          sha256: s.sha256,
          contentOfId: s.contentOfId ?? s.id,
          uploadedByUserId: actorUserId,
          uploadedByApiKeyId: actorApiKeyId,
        })
        .orIgnore() // the case already has this content
        .execute();
    }
  }

  private async link(
    em: EntityManager,
    appealId: string,
    f: StagedFile,
    purpose: AttachmentPurpose,
  ): Promise<Attachment> {
    const existing = await em.findOneBy(Attachment, { appealId, purpose, sha256: f.sha256 });
    if (existing) {
      await em.delete(Attachment, { id: f.stagingId, status: 'staging' });
      return existing;
    }
    const res = await em.update(
      Attachment,
      { id: f.stagingId, status: 'staging' },
      { appealId, status: 'stored', purpose },
    );
    if (res.affected !== 1) throw new Error(`Staging attachment ${f.stagingId} is missing`);
    return em.findOneByOrFail(Attachment, { id: f.stagingId });
  }

  /** A file already in memory: checked here, then written in chunks like a streamed one. */
  private async storeBuffered(
    em: EntityManager,
    appealId: string,
    f: IncomingFile,
    principal: Principal,
    purpose: AttachmentPurpose,
  ): Promise<Attachment> {
    if (f.buffer.length === 0) throw emptyFile(f.originalname);
    const contentType = await detectContentType(f.buffer);
    if (!contentType) throw typeNotAllowed(f.originalname);
    const sha256 = sha256Hex(f.buffer);
    const existing = await em.findOneBy(Attachment, { appealId, purpose, sha256 });
    if (existing) return existing;
    const { actorUserId, actorApiKeyId } = actorOf(principal);
    const row = em.create(Attachment, {
      appealId,
      status: 'stored',
      purpose,
      fileName: cleanFileName(f.originalname),
      contentType,
      size: f.buffer.length,
      sha256,
      contentOfId: null,
      uploadedByUserId: actorUserId,
      uploadedByApiKeyId: actorApiKeyId,
    });
    await em.insert(Attachment, row);
    for (let seq = 0; seq * CHUNK_BYTES < f.buffer.length; seq++) {
      const data = f.buffer.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES);
      await em.query(
        'INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)',
        [row.id, seq, data],
      );
    }
    return em.findOneByOrFail(Attachment, { id: row.id });
  }

  // --- reading

  async listFor(appealId: string, em?: EntityManager): Promise<AttachmentMeta[]> {
    return (await this.listForMany([appealId], em)).get(appealId) ?? [];
  }

  /** Metadata of many appeals' own files (the applicant's) in one query (lists). */
  async listForMany(
    appealIds: string[],
    em?: EntityManager,
  ): Promise<Map<string, AttachmentMeta[]>> {
    return (await this.filesForMany(appealIds, em)).appeal;
  }

  /** Both kinds of files of many appeals in one query: the applicant's and the answers'. */
  async filesForMany(
    appealIds: string[],
    em?: EntityManager,
  ): Promise<Record<AttachmentPurpose, Map<string, AttachmentMeta[]>>> {
    const out: Record<AttachmentPurpose, Map<string, AttachmentMeta[]>> = {
      appeal: new Map(),
      answer: new Map(),
    };
    if (appealIds.length === 0) return out;
    const rows = await (em ?? this.ds.manager).getRepository(Attachment).find({
      where: { appealId: In(appealIds), status: 'stored' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    for (const r of rows) {
      if (!r.appealId) continue;
      const byAppeal = out[r.purpose];
      const list = byAppeal.get(r.appealId) ?? [];
      list.push(toAttachmentMeta(r));
      byAppeal.set(r.appealId, list);
    }
    return out;
  }

  /** The answer's files of one appeal (ids for the notice, names and sizes for the letter). */
  answerFiles(em: EntityManager, appealId: string): Promise<Attachment[]> {
    return em.find(Attachment, {
      where: { appealId, purpose: 'answer', status: 'stored' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Stored files by id (the sender reads a notice's files at send time). */
  findStored(ids: string[]): Promise<Attachment[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(Attachment).findBy({ id: In(ids), status: 'stored' });
  }

  async findForAppeal(appealId: string, attachmentId: string): Promise<Attachment> {
    const a = await this.ds.getRepository(Attachment).findOneBy({
      id: attachmentId,
      appealId,
      status: 'stored',
    });
    if (!a) throw new AppError(ErrorCode.ATTACHMENT_NOT_FOUND);
    return a;
  }

  /**
   * The content as a stream that reads one chunk at a time as the consumer asks for it: a 20 MiB
   * file is never in memory whole. Chunks of a stored file never change, so no transaction needed.
   */
  openContent(a: Attachment): Readable {
    const ownerId = a.contentOfId ?? a.id;
    const count = Math.ceil(a.size / CHUNK_BYTES);
    const repo = this.ds.getRepository(AttachmentChunk);
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = 0; seq < count; seq++) {
        const chunk = await repo.findOne({
          select: { data: true },
          where: { attachmentId: ownerId, seq },
        });
        if (!chunk) throw new Error(`Attachment ${a.id}: chunk ${seq} of ${count} is missing`);
        yield chunk.data;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }
}

const isStaged = (f: IncomingFile): f is StagedFile =>
  typeof f.stagingId === 'string' && typeof f.sha256 === 'string';

/** The sender's name as shown later: no control characters, at most 255 characters. */
function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...clean].slice(0, MAX_NAME).join('') || 'file';
}
