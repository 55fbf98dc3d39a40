import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel } from '../appeals/appeal.enums';

/** An integration client's key. Only a SHA-256 of the secret is stored (docs/decisions). */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** The public, non-secret part of the key, shown in lists to tell keys apart. */
  @Column({ type: 'text', unique: true })
  prefix: string;

  @Column({ type: 'text', unique: true })
  keyHash: string;

  @Column({ type: 'text', array: true })
  channels: Channel[];

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
