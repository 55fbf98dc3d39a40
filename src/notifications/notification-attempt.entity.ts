import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Notification } from './notification.entity';

/** One delivery attempt of a notice (SPEC §8: the attempt log). */
@Entity('notification_attempts')
@Index(['notificationId', 'id'])
export class NotificationAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  notification?: Notification;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'boolean' })
  ok: boolean;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'text', nullable: true })
  instance: string | null;
}
