import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { JsonObject } from '../common/json';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, encodeCursor, type Page } from '../common/http/pagination';
import type { RequestContext } from '../common/http/request-context';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { writeCsv, type Column } from '../reports/report-writers';
import type { AuditEventDto, AuditQueryDto } from './audit-events.dto';
import { auditEventsQuery, type AuditFilter, type AuditRow } from './audit-query';
import { AuditService } from './audit.service';

/**
 * The audit log read back (issue 20): admins and supervisors, by appeal, actor, action and
 * period, a page at a time or every matching row as CSV. Reading it is itself recorded
 * (`audit.read`, with the filters): who looked at whose reads is part of the trail too.
 */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async page(q: AuditQueryDto, ctx: RequestContext): Promise<Page<AuditEventDto>> {
    const after = q.cursor ? decodeCursor(q.cursor, ['r', 'n']) : null;
    const filter = await this.filter(q, q.limit + 1);
    filter.after = after ? { at: after.r, id: after.n } : null;
    const { sql, params } = auditEventsQuery(filter, this.config.timeZone);
    const rows = await this.ds.query<AuditRow[]>(sql, params);
    await this.recordRead(q, 'json', ctx);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toAuditEventDto),
      nextCursor:
        rows.length > q.limit && last ? encodeCursor({ r: last.at_key, n: last.id }) : null,
    };
  }

  /**
   * Every matching row as CSV, streamed from a server-side cursor: memory stays flat. `start`
   * is called once the filters passed, before the first byte (the caller's headers): a bad
   * filter is still a problem document.
   */
  async exportCsv(
    q: AuditQueryDto,
    ctx: RequestContext,
    out: Writable,
    start: () => void,
  ): Promise<number> {
    const { sql, params } = auditEventsQuery(await this.filter(q, null), this.config.timeZone);
    await this.recordRead(q, 'csv', ctx);
    start();
    const runner = this.ds.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const rows = client.query(new QueryStream(sql, params, { batchSize: 2000 }));
      return await writeCsv(rows, csvColumns(this.config.timeZone), out);
    } finally {
      await runner.release();
    }
  }

  /** The filters checked, and the actor's column found: a staff member's id or a key's. */
  private async filter(q: AuditQueryDto, limit: number | null): Promise<AuditFilter> {
    if (q.from && q.to && q.from > q.to) {
      throw AppError.validation([
        { field: 'from', code: 'INVALID_PERIOD', message: 'Начало периода позже его конца' },
      ]);
    }
    let actor: AuditFilter['actor'];
    if (q.actorId) {
      const id = q.actorId.toLowerCase();
      // One column, not `user = $1 OR key = $1`: each has its own index in (at, id) order.
      const [{ staff }] = await this.ds.query<{ staff: boolean }[]>(
        'SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS staff',
        [id],
      );
      actor = { column: staff ? 'actor_user_id' : 'actor_api_key_id', id };
    }
    return {
      appealId: q.appealId?.toLowerCase(),
      actor,
      action: q.action,
      from: q.from,
      to: q.to,
      limit,
    };
  }

  private recordRead(q: AuditQueryDto, format: 'json' | 'csv', ctx: RequestContext) {
    const filters: JsonObject = { format };
    for (const k of ['appealId', 'actorId', 'action', 'from', 'to'] as const) {
      if (q[k] !== undefined) filters[k] = q[k];
    }
    return this.audit.record(ctx, 'audit.read', 'audit', null, filters);
  }
}

export const toAuditEventDto = (r: AuditRow): AuditEventDto => ({
  id: r.id,
  at: r.at.toISOString(),
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  actorUserId: r.actor_user_id,
  actorUserName: r.actor_user_name,
  actorApiKeyId: r.actor_api_key_id,
  actorApiKeyName: r.actor_api_key_name,
  requestId: r.request_id,
  data: r.data,
});

/**
 * The CSV's columns; cells that could start a formula are neutralised by csvLine (a staff
 * member's name, a caller's request id are not ours to trust).
 */
const csvColumns = (timeZone: string): Column<AuditRow>[] => [
  { title: 'Номер записи', value: (r) => r.id },
  { title: `Дата и время (${timeZone})`, value: (r) => r.at_local },
  { title: 'Действие', value: (r) => r.action },
  { title: 'Объект', value: (r) => r.entity_type },
  { title: 'Идентификатор объекта', value: (r) => r.entity_id },
  { title: 'Сотрудник', value: (r) => r.actor_user_name },
  { title: 'Идентификатор сотрудника', value: (r) => r.actor_user_id },
  { title: 'Ключ API', value: (r) => r.actor_api_key_name },
  { title: 'Идентификатор ключа API', value: (r) => r.actor_api_key_id },
  { title: 'Запрос', value: (r) => r.request_id },
  { title: 'Данные', value: (r) => (r.data === null ? null : JSON.stringify(r.data)) },
];
