import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Department } from './department.entity';
import { SlaPolicy } from '../sla/sla-policy.entity';
import type { TopicAttribute } from './topic-attributes';

@Entity('topics')
export class Topic {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Index()
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  department?: Department;

  /** A topic's own term (e.g. ПП 354 quality complaints: 3 working days); null: the kind's. */
  @Column({ type: 'uuid', nullable: true })
  slaPolicyId: string | null;

  @ManyToOne(() => SlaPolicy, { onDelete: 'SET NULL' })
  slaPolicy?: SlaPolicy | null;

  /** The topic's extra form fields (issue 22; topic-attributes.ts); empty for most topics. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attributes: TopicAttribute[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
