import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NonWorkingDayPolicy, TermUnit } from './deadline';

export const APPEAL_KINDS = [
  'complaint',
  'statement',
  'proposal',
  'claim',
  'request',
  // A utility-quality violation report (ПП 354 п. 105–113, issue 23; src/quality/).
  'quality_report',
] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

/**
 * A deadline policy. Policies with `kind` set are the per-kind defaults (one per kind);
 * policies without a kind are referenced by topics.
 */
@Entity('sla_policies')
export class SlaPolicy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', nullable: true, unique: true })
  kind: AppealKind | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'int' })
  termDays: number;

  @Column({ type: 'text' })
  unit: TermUnit;

  @Column({ type: 'int' })
  maxExtensionDays: number;

  @Column({ type: 'text' })
  nonWorkingDayPolicy: NonWorkingDayPolicy;

  @Column({ type: 'int', array: true, default: () => "'{5,2,1}'" })
  warnDaysBefore: number[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
