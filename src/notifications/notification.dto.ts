import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type Notification } from './notification.entity';

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: string;
  @ApiProperty() channel: string;
  @ApiProperty() recipient: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
}

export const toNotificationDto = (n: Notification): NotificationDto => ({
  id: n.id,
  kind: n.kind,
  channel: n.channel,
  recipient: n.recipient,
  subject: n.subject,
  body: n.body,
  status: n.status,
  attempts: n.attempts,
  lastError: n.lastError,
  createdAt: n.createdAt.toISOString(),
  sentAt: n.sentAt ? n.sentAt.toISOString() : null,
});
