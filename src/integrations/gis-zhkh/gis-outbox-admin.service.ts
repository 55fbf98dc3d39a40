import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-codes';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import type { RequestContext } from '../../common/http/request-context';
import type { GisOutboxStatus } from './gis-outbox.entity';
import type { GisOutboxItemDto } from './gis-outbox.dto';

/** Only these wait for a person; `pending` and `sent` rows are the sync job's. */
export const RELEASABLE: readonly GisOutboxStatus[] = ['held', 'failed'];

interface Row {
  id: string;
  appeal_id: string;
  reg_number: string;
  action: string;
  status: GisOutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

// The payload (an answer's text, a comment) is never selected: operators see codes only.
const COLUMNS = `o.id::text AS id, o.appeal_id, a.reg_number, o.action, o.status, o.attempts,
                 o.last_error, o.created_at, o.sent_at`;

const toItem = (r: Row): GisOutboxItemDto => ({
  id: r.id,
  appealId: r.appeal_id,
  regNumber: r.reg_number,
  action: r.action,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
  sentAt: r.sent_at ? r.sent_at.toISOString() : null,
});

/** The operators' view of the ГИС ЖКХ outbox: list it, put a held or failed row back. */
@Injectable()
export class GisOutboxAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(
    status: GisOutboxStatus | undefined,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<GisOutboxItemDto>> {
    const before = cursor ? decodeCursor(cursor, ['n']).n : null;
    const rows = await this.ds.query<Row[]>(
      `SELECT ${COLUMNS}
         FROM gis_outbox o JOIN appeals a ON a.id = o.appeal_id
        WHERE ($1::text IS NULL OR o.status = $1) AND ($2::bigint IS NULL OR o.id < $2)
        ORDER BY o.id DESC
        LIMIT $3`,
      [status ?? null, before, limit + 1],
    );
    const items = rows.slice(0, limit).map(toItem);
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor({ n: items[items.length - 1].id }) : null,
    };
  }

  /**
   * Back to `pending` with the attempts reset, after an operator fixed the cause (a mapping, a
   * stored value, a schema bug of ours): the next sync run sends it. Audited (who, when, why).
   */
  async release(id: string, ctx: RequestContext): Promise<GisOutboxItemDto> {
    if (!/^[1-9]\d{0,17}$/.test(id)) throw this.notFound();
    return this.ds.transaction(async (em) => {
      const [row] = await em.query<Row[]>(
        `SELECT ${COLUMNS} FROM gis_outbox o JOIN appeals a ON a.id = o.appeal_id
          WHERE o.id = $1 FOR UPDATE OF o`,
        [id],
      );
      if (!row) throw this.notFound();
      if (!RELEASABLE.includes(row.status)) {
        throw new AppError(
          ErrorCode.GIS_OUTBOX_NOT_RELEASABLE,
          `Действие в статусе ${row.status}: вернуть в очередь можно только held или failed`,
        );
      }
      // message_guid cleared too: a failed row's old MessageGUID is not polled again.
      await em.query(
        `UPDATE gis_outbox SET status = 'pending', attempts = 0, last_error = NULL,
                message_guid = NULL
          WHERE id = $1`,
        [id],
      );
      await this.audit.record(
        ctx,
        'gis_outbox.release',
        'gis_outbox',
        id,
        { from: row.status, lastError: row.last_error },
        em,
      );
      return toItem({ ...row, status: 'pending', attempts: 0, last_error: null });
    });
  }

  private notFound(): AppError {
    return new AppError(ErrorCode.GIS_OUTBOX_NOT_FOUND, 'Действие для ГИС ЖКХ не найдено');
  }
}
