import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppealsService } from '../appeals/appeals.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { tooManyFiles } from './attachment-errors';
import type { Attachment } from './attachment.entity';
import {
  AttachmentsService,
  toAttachmentMeta,
  type AttachmentMeta,
  type IncomingFile,
} from './attachments.service';

/** Files added to an existing appeal, and downloads (SPEC §9): visibility, limits, history. */
@Injectable()
export class AppealAttachmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Links the uploaded files to the appeal with a history event, keeping the same content once:
   * the answer lists, per file sent, its attachment (an existing one for a repeat).
   */
  async add(
    appealId: string,
    files: IncomingFile[],
    ctx: RequestContext,
  ): Promise<AttachmentMeta[]> {
    checkParts(files);
    const max = this.config.attachments.maxFiles;
    return this.ds.transaction(async (em) => {
      // The row lock serialises additions to one appeal, so the count below stays true.
      const appeal = await this.appeals.getForUpdate(em, appealId, ctx);
      const existing = await this.attachments.listFor(appeal.id, em);
      const known = new Set(existing.map((a) => a.sha256));
      const fresh = new Set(files.map((f) => f.sha256).filter((s) => s && !known.has(s)));
      if (existing.length + fresh.size > max) throw tooManyFiles(max, existing.length);

      const stored = await this.attachments.store(em, appeal.id, files, ctx.principal);
      const added = unique(stored.filter((a) => !known.has(a.sha256 ?? '')));
      if (added.length > 0) {
        const ids = added.map((a) => a.id);
        await this.appeals.addEvent(em, appeal.id, ctx.principal, {
          type: 'attachments_added',
          at: this.clock.now(),
          data: { attachmentIds: ids, count: ids.length },
        });
        await this.audit.record(
          ctx,
          'attachment.add',
          'appeal',
          appeal.id,
          { attachmentIds: ids },
          em,
        );
      }
      return stored.map(toAttachmentMeta);
    });
  }

  /** The file's row and a stream of its bytes, for a caller who may see the appeal. */
  async download(
    appealId: string,
    attachmentId: string,
    ctx: RequestContext,
  ): Promise<{ attachment: Attachment; content: Readable }> {
    // Audited once the file is found: a 404 reads nothing.
    await this.appeals.findVisible(appealId, ctx.principal);
    const attachment = await this.attachments.findForAppeal(appealId, attachmentId);
    if (ctx.principal.kind === 'user') {
      await this.audit.record(ctx, 'appeal.read', 'appeal', appealId);
      await this.audit.record(ctx, 'attachment.read', 'appeal', appealId, { attachmentId });
    }
    return { attachment, content: this.attachments.openContent(attachment) };
  }
}

function checkParts(files: IncomingFile[]): void {
  const wrong = files.find((f) => f.fieldname !== 'files');
  if (wrong) {
    throw AppError.validation([
      {
        field: String(wrong.fieldname),
        code: 'UNKNOWN_FIELD',
        message: 'Файлы передаются в частях с именем files',
      },
    ]);
  }
  if (files.length === 0) {
    throw AppError.validation([
      {
        field: 'files',
        code: 'REQUIRED',
        message: 'Пришлите файлы в частях files запроса multipart/form-data',
      },
    ]);
  }
}

const unique = (rows: Attachment[]): Attachment[] => [
  ...new Map(rows.map((r) => [r.id, r])).values(),
];
