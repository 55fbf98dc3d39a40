import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AbuseListKind } from './abusive/abuse-lists';

/**
 * A word an administrator allowed or denied for the `abusive` rule (59-ФЗ ст. 11 ч. 3), read by
 * every instance (docs/rules.md, "Administrators' lists"). One normal form is in one list at
 * most: a word cannot be both allowed and denied.
 */
@Entity('abusive_terms')
@Index(['normalizedTerm'], { unique: true })
@Check(`"list" IN ('allow', 'deny')`)
export class AbusiveTerm {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** As the administrator wrote it; a trailing «*» means any ending. */
  @Column({ type: 'text' })
  term: string;

  /** The detector's normal form (`normalizeTerm`): lower case, ё→е, no hyphens or doubles. */
  @Column({ type: 'text' })
  normalizedTerm: string;

  @Column({ type: 'text' })
  list: AbuseListKind;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
