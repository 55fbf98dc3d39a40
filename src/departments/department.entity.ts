import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('departments')
export class Department {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /**
   * Answers of this department's appeals need sign-off: an officer's answer is a draft
   * (`answer_review`) until its head or a supervisor approves and signs it (59-ФЗ ст. 10 ч. 4).
   */
  @Column({ type: 'boolean', default: false })
  answerApproval: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
