import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppealNote } from '../appeals/appeal-note.entity';
import { AppealsService } from '../appeals/appeals.service';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../common/auth/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import {
  decodeCursor,
  encodeCursor,
  type ListQueryDto,
  type Page,
} from '../common/http/pagination';
import type { RequestContext } from '../common/http/request-context';
import { Clock } from '../common/time/clock';
import { toNoteDto, type CreateNoteDto, type NoteDto } from './notes.dto';

/**
 * Internal notes on an appeal (SPEC §1): written and read by staff who see the appeal, oldest
 * first like the history. A note is a history event (`note_added` with the note's id; the text
 * stays in the note — history is staff-only today, but it is the appeal's record and may be
 * shown more widely one day) and an audit record; reading notes is audited like any read of an
 * appeal's content (152-ФЗ). Notes change nothing the applicant sees and do not move the
 * appeal's version: a note never makes someone else's If-Match stale.
 */
@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly appeals: AppealsService,
    private readonly audit: AuditService,
  ) {}

  async add(appealId: string, dto: CreateNoteDto, ctx: RequestContext): Promise<NoteDto> {
    const author = staff(ctx);
    await this.appeals.findVisible(appealId, author);
    return this.ds.transaction(async (em) => {
      const at = this.clock.now();
      const note = await em.getRepository(AppealNote).save(
        Object.assign(new AppealNote(), {
          appealId,
          authorUserId: author.id,
          text: dto.text,
          createdAt: at,
        }),
      );
      await this.appeals.addEvent(em, appealId, author, {
        type: 'note_added',
        at,
        data: { noteId: note.id },
      });
      await this.audit.record(ctx, 'note.add', 'appeal', appealId, { noteId: note.id }, em);
      return toNoteDto(note, author.fullName);
    });
  }

  async list(appealId: string, q: ListQueryDto, ctx: RequestContext): Promise<Page<NoteDto>> {
    const reader = staff(ctx);
    await this.appeals.findVisible(appealId, reader);
    const after = q.cursor ? decodeCursor(q.cursor, ['n']).n : null;
    const rows = await this.ds.query<NoteRow[]>(
      `SELECT n.id, n.appeal_id, n.author_user_id, n.text, n.created_at, u.full_name
         FROM appeal_notes n JOIN users u ON u.id = n.author_user_id
        WHERE n.appeal_id = $1 AND ($2::bigint IS NULL OR n.id > $2::bigint)
        ORDER BY n.id
        LIMIT $3`,
      [appealId, after, q.limit + 1],
    );
    const items = rows.slice(0, q.limit);
    await this.audit.record(ctx, 'note.read', 'appeal', appealId, {
      noteIds: items.map((r) => r.id),
    });
    const last = items[items.length - 1];
    return {
      items: items.map((r) =>
        toNoteDto(
          Object.assign(new AppealNote(), {
            id: r.id,
            appealId: r.appeal_id,
            authorUserId: r.author_user_id,
            text: r.text,
            createdAt: r.created_at,
          }),
          r.full_name,
        ),
      ),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ n: last.id }) : null,
    };
  }
}

interface NoteRow {
  id: string;
  appeal_id: string;
  author_user_id: string;
  text: string;
  created_at: Date;
  full_name: string;
}

/** Notes are staff's: RolesGuard already refuses API keys here; this says so to the compiler. */
function staff(ctx: RequestContext): StaffPrincipal {
  if (ctx.principal.kind !== 'user') throw new AppError(ErrorCode.FORBIDDEN);
  return ctx.principal;
}
