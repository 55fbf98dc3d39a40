import type { JsonObject } from '../common/json';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsExistingDate } from '../common/http/local-date.validator';
import { ListQueryDto } from '../common/http/pagination';

export const AUDIT_FORMATS = ['json', 'csv'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'Дата в формате ГГГГ-ММ-ДД';

/** Filters of GET /audit-events; all optional, combined with AND. */
export class AuditQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'events about this appeal (entity appeal, this id)' })
  @IsOptional()
  @IsUUID()
  appealId?: string;

  @ApiPropertyOptional({ description: 'events by this staff member or API key' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'appeal.read', description: 'exactly this action' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.]{0,99}$/, {
    message: 'Действие: латинские строчные буквы, цифры, «_» и «.», до 100 символов',
  })
  action?: string;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'on or after this local date' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-30', description: 'on or before this local date' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsExistingDate()
  to?: string;

  @ApiPropertyOptional({
    enum: AUDIT_FORMATS,
    description: 'or the Accept header; csv: every matching event, limit and cursor ignored',
  })
  @IsOptional()
  @IsIn(AUDIT_FORMATS)
  format?: AuditFormat;
}

/** One row of the audit log: who did what to which object. Identifiers only. */
export class AuditEventDto {
  @ApiProperty({ example: '1042' }) id: string;
  @ApiProperty() at: string;
  @ApiProperty({ example: 'appeal.read' }) action: string;
  @ApiProperty({ example: 'appeal' }) entityType: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the staff member’s full name' })
  actorUserName: string | null;
  @ApiProperty({ nullable: true, type: String }) actorApiKeyId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the API key’s name' })
  actorApiKeyName: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'further identifiers' })
  data: JsonObject | null;
}
