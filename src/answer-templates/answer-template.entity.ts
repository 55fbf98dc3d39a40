import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A model answer an officer starts from (issue 20): per topic, or for any topic when
 * `topicCode` is null; `{{…}}` placeholders are filled from the appeal (answer-template.render.ts).
 */
@Entity('answer_templates')
@Index('idx_answer_templates_topic_name', ['topicCode', 'name'])
export class AnswerTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', nullable: true })
  topicCode: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
