import type { JsonObject } from '../common/json';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf } from '../common/auth/principal';
import type { RequestContext } from '../common/http/request-context';
import type { Statement } from '../database/write-batch';

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
    const { sql, params } = this.statement(ctx, action, entityType, entityId, data);
    await (em ?? this.ds.manager).query(sql, params);
  }

  /** The same record as a statement, to send with others (WriteBatch). */
  statement(
    ctx: RequestContext,
    action: string,
    entityType: string,
    entityId: string | null,
    data: JsonObject | null = null,
  ): Statement {
    const { actorUserId, actorApiKeyId } = actorOf(ctx.principal);
    return {
      sql: `INSERT INTO audit_events (actor_user_id, actor_api_key_id, action, entity_type, entity_id, request_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      params: [
        actorUserId,
        actorApiKeyId,
        action,
        entityType,
        entityId,
        ctx.requestId,
        data === null ? null : JSON.stringify(data),
      ],
    };
  }
}
