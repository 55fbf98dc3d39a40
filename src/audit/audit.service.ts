import type { JsonObject } from '../common/json';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf } from '../common/auth/principal';
import type { RequestContext } from '../common/http/request-context';
import type { AuditEvent } from './audit-event.entity';

/** An audit record as data, for a statement that writes it along with others (registration). */
export type AuditRow = Pick<
  AuditEvent,
  'actorUserId' | 'actorApiKeyId' | 'action' | 'entityType' | 'entityId' | 'requestId' | 'data'
>;

/** The audit log of reads and changes of personal data (152-ФЗ; 59-ФЗ ст. 6). */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(
    ctx: RequestContext,
    action: string,
    entityType: string,
    entityId: string | null,
    data: JsonObject | null = null,
    em?: EntityManager,
  ): Promise<void> {
    const r = this.row(ctx, action, entityType, entityId, data);
    await (em ?? this.ds.manager).query(
      `INSERT INTO audit_events (actor_user_id, actor_api_key_id, action, entity_type, entity_id, request_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        r.actorUserId,
        r.actorApiKeyId,
        r.action,
        r.entityType,
        r.entityId,
        r.requestId,
        r.data === null ? null : JSON.stringify(r.data),
      ],
    );
  }

  /** The same record as data. */
  row(
    ctx: RequestContext,
    action: string,
    entityType: string,
    entityId: string | null,
    data: JsonObject | null = null,
  ): AuditRow {
    return {
      ...actorOf(ctx.principal),
      action,
      entityType,
      entityId,
      requestId: ctx.requestId,
      data,
    };
  }
}
