import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The yearly registration sequence; its row lock serialises numbering (SPEC §5). */
@Entity('reg_counters')
export class RegCounter {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastSeq: number;
}
