import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto } from '../../common/http/pagination';
import { GIS_OUTBOX_STATUSES, type GisOutboxStatus } from './gis-outbox.entity';

/** GET /integrations/gis-zhkh/outbox: one status or all, latest first. */
export class GisOutboxQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: GIS_OUTBOX_STATUSES, description: 'omitted: every status' })
  @IsOptional()
  @IsIn(GIS_OUTBOX_STATUSES)
  status?: GisOutboxStatus;
}

/** One action to mirror to ГИС ЖКХ, as operators see it: never the payload's text. */
export class GisOutboxItemDto {
  @ApiProperty({ example: '1042', description: 'increasing: later rows have larger ids' })
  id: string;
  @ApiProperty({ format: 'uuid' }) appealId: string;
  @ApiProperty({ example: '2026-000123' }) regNumber: string;
  @ApiProperty({
    enum: [
      'answer',
      'assign-performer',
      'executed',
      'redirect',
      'roll-over',
      'answer-not-required',
    ],
  })
  action: string;
  @ApiProperty({ enum: GIS_OUTBOX_STATUSES }) status: GisOutboxStatus;
  @ApiProperty({ description: 'sending attempts so far (limit 10)' }) attempts: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'why it is held or failed, codes and element names only: `XSD_INVALID: …`, ' +
      '`ANSWERER_UNKNOWN: …`, `RECEIVER_ORG_UNKNOWN`, a ГИС ЖКХ error code',
  })
  lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
}
