import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { actorOf, type Principal } from '../common/auth/principal';
import { sha256Hex } from '../common/stable-json';
import { Attachment } from './attachment.entity';

/** A file as received (multer memory storage, limits from config). */
export interface IncomingFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

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
  sha256: a.sha256,
  createdAt: a.createdAt.toISOString(),
});

@Injectable()
export class AttachmentsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Stores files in the caller's transaction; the same content twice on one appeal is kept once. */
  async store(
    em: EntityManager,
    appealId: string,
    files: IncomingFile[],
    principal: Principal,
  ): Promise<void> {
    for (const f of files) {
      await em
        .createQueryBuilder()
        .insert()
        .into(Attachment)
        .values({
          appealId,
          fileName: f.originalname.slice(0, 255) || 'file',
          contentType: f.mimetype || 'application/octet-stream',
          size: f.size,
          sha256: sha256Hex(f.buffer),
          content: f.buffer,
          uploadedByUserId: actorOf(principal).actorUserId,
          uploadedByApiKeyId: actorOf(principal).actorApiKeyId,
        })
        .orIgnore()
        .execute();
    }
  }

  async listFor(appealId: string, em?: EntityManager): Promise<AttachmentMeta[]> {
    return (await this.listForMany([appealId], em)).get(appealId) ?? [];
  }

  /** Metadata of many appeals' files in one query (lists). */
  async listForMany(
    appealIds: string[],
    em?: EntityManager,
  ): Promise<Map<string, AttachmentMeta[]>> {
    const byAppeal = new Map<string, AttachmentMeta[]>();
    if (appealIds.length === 0) return byAppeal;
    const rows = await (em ?? this.ds.manager)
      .getRepository(Attachment)
      .find({ where: { appealId: In(appealIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const r of rows) {
      const list = byAppeal.get(r.appealId) ?? [];
      list.push(toAttachmentMeta(r));
      byAppeal.set(r.appealId, list);
    }
    return byAppeal;
  }
}
